// libFuzzer harness for the engine's JSON: JSONReader and the WireModels readers built on it.
// scripts/fuzz compiles Sources/ReconcileCore and Sources/DockerEngine into ONE module named
// ReconcileCore with this file, so WireModels' `import ReconcileCore` is a harmless self-import
// (a warning) and no import is needed here.
//
// Oracles: no crash; a typed reader (container list, network list, network inspect, error
// body) never accepts text that is not valid JSON, i.e. that JSONReader.skipValue() + finish()
// refuses; reading the container list keeping only one label namespace succeeds exactly when
// keeping every label does, with the same containers and a subset of their labels; every
// refusal renders as one line.

private func checkOneLine(_ error: JSONReadError) {
    if error.description.contains(where: { $0.isNewline }) { fatalError("multi-line error: \(error)") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let body = Array(UnsafeBufferPointer(start: data, count: size))

    var valid = true
    do throws(JSONReadError) {
        try WireModels.decode(body) { (reader) throws(JSONReadError) in try reader.skipValue() }
    } catch {
        checkOneLine(error)
        valid = false
    }

    var all: [ObservedContainer]?
    do throws(JSONReadError) {
        all = try WireModels.containers(body, keepingLabelsUnder: nil)
    } catch {
        checkOneLine(error)
    }
    var ours: [ObservedContainer]?
    do throws(JSONReadError) {
        ours = try WireModels.containers(body, keepingLabelsUnder: "ipv6-reconcile.")
    } catch {
        checkOneLine(error)
    }
    if (all == nil) != (ours == nil) { fatalError("the label namespace changed whether the list reads") }
    if let all, let ours {
        guard all.count == ours.count else { fatalError("the label namespace changed the container count") }
        for (full, filtered) in zip(all, ours) {
            guard full.id == filtered.id, full.name == filtered.name, full.endpoints == filtered.endpoints,
                filtered.labels.allSatisfy({ $0.key.hasPrefix("ipv6-reconcile.") && full.labels[$0.key] == $0.value }),
                full.labels.filter({ $0.key.hasPrefix("ipv6-reconcile.") }).count == filtered.labels.count
            else { fatalError("the label namespace changed more than the labels") }
        }
    }

    var networksRead = false
    do throws(JSONReadError) {
        _ = try WireModels.networks(body)
        networksRead = true
    } catch {
        checkOneLine(error)
    }
    var attachmentsRead = false
    do throws(JSONReadError) {
        _ = try WireModels.attachments(body)
        attachmentsRead = true
    } catch {
        checkOneLine(error)
    }
    let message = WireModels.errorMessage(body)

    if !valid && (all != nil || networksRead || attachmentsRead || message != nil) {
        fatalError("a typed reader accepted text that is not valid JSON")
    }
    return 0
}
