import ReconcileCore
import Testing

/// What the planner suites share: mon_container's address on ``Fixture/v6net``, a one-pool
/// network, and the single entry of a plan. A suite gets them by conforming.
protocol PlanFixtures {}

extension PlanFixtures {
    /// mon_container's address on ``Fixture/v6net`` (`2001:db8:1:1::/80`), as the Python tool gave it.
    static var monOnV6net: String { "2001:db8:1:1:0:3d:7a:30" }

    /// The single entry of `plan`, failing the test when there is not exactly one.
    func onlyEntry(_ plan: Plan, sourceLocation: SourceLocation = #_sourceLocation) throws -> PlanEntry {
        try #require(plan.entries.count == 1, "expected one entry, got \(plan.entries)", sourceLocation: sourceLocation)
        return plan.entries[0]
    }

    /// A network whose only IPv6 pool is `subnet`, with `gateway`.
    static func net(_ subnet: String, gateway: String = "", name: String = "net", id: String = Fixture.id("e1"))
        -> ObservedNetwork
    {
        ObservedNetwork(id: id, name: name, ipamPools: [IPAMPool(subnet: subnet, gateway: gateway)])
    }
}
