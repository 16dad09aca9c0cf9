import ReconcileCore
import Testing

/// The text of each ``Problem``: one printable line, with its specifics.
@Suite struct ProblemTextTests {
    /// Text a hostile label could carry: a newline, a terminal escape, DEL, a quote, non-ASCII.
    static let hostile = "x\n\u{1b}[31mproblem fake\u{7f}\"é"

    /// Every problem renders as one printable ASCII line in which hostile text is escaped.
    @Test(arguments: [
        Problem.emptyNetworkLabel(label: hostile),
        .badSuffix(.notHex(hostile)),
        .networkNotFound(reference: hostile),
        .networkAmbiguous(reference: hostile, candidates: ["a", "b"]),
        .networkNotAllowed(network: hostile),
        .noIPv6Subnet(network: hostile),
        .severalIPv6Subnets(network: hostile, subnets: ["2001:db8::/64", "2001:db8:1::/64"]),
        .unparsableSubnet(network: hostile, text: hostile),
        .suffixTooWide(suffix: HostSuffix(value: Fixture.address("::1:0:0:0")), subnet: Fixture.subnet("2001:db8::/80")),
        .addressIsSubnetAddress(Fixture.address("2001:db8::")),
        .addressIsGateway(Fixture.address("2001:db8::1")),
        .conflict(address: Fixture.address("2001:db8::5"), holder: hostile),
        .addressHeldByUnlabelled(address: Fixture.address("2001:db8::5"), holder: hostile),
        .addressHeldByUnlabelled(address: Fixture.address("2001:db8::5"), holder: nil),
        .containerGone,
        .engineRefused(operation: "connect", status: 403, message: hostile),
        .writeNotDone(operation: "connect", cause: "timed out"),
        .reconnectFailed(status: 500, message: hostile),
    ])
    func problemTextIsOnePrintableLine(problem: Problem) {
        let text = problem.description
        #expect(!text.isEmpty)
        #expect(text.unicodeScalars.allSatisfy { (" "..."~").contains($0) }, "\(text.debugDescription)")
    }

    /// Problem texts carry their specifics.
    @Test(arguments: [
        (Problem.suffixTooWide(suffix: HostSuffix(value: Fixture.address("::1:0:0:0")), subnet: Fixture.subnet("2001:db8::/80")),
            "suffix 1:0:0:0 is wider than the 48 host bits of 2001:db8::/80"),  // suffix, host bits, subnet
        (.conflict(address: Fixture.address("2001:db8::5"), holder: "web"),
            "address 2001:db8::5 conflicts with container \"web\", which keeps it"),  // address and holder
        (.networkAmbiguous(reference: "dup", candidates: ["a", "b"]),
            "\"dup\" matches several networks (a, b); use the full ID"),  // candidates listed
        (.networkNotFound(reference: "nope"), "no network has the ID, name or ID prefix \"nope\""),  // reference quoted
    ])
    func problemTextCarriesSpecifics(problem: Problem, expected: String) {
        #expect(problem.description == expected)
    }
}
