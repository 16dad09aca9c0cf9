import ReconcileCore

/// The engine's JSON answers, read straight into the narrow domain models with ``JSONReader``:
/// only the fields reconciling needs are decoded, everything else is skipped unbuilt, and `null`
/// is accepted wherever the API allows it (an object, an array, a string). The shapes are
/// Docker's: `GET /containers/json`, `GET /networks`, `GET /networks/{id}`, error bodies.
enum WireModels {
    /// Reads a whole body with `read`, checking nothing follows the value.
    static func decode<T>(_ body: [UInt8], _ read: (inout JSONReader) throws(JSONReadError) -> T) throws(JSONReadError) -> T {
        let result: Result<T, JSONReadError> = body.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            return Result { () throws(JSONReadError) in
                let value = try read(&reader)
                try reader.finish()
                return value
            }
        }
        return try result.get()
    }

    /// `GET /containers/json`. Labels outside `namespace` (e.g. `ipv6.mapper.`) are dropped as
    /// they are read: a host's containers carry many labels that are none of our business; nil
    /// keeps them all.
    static func containers(_ body: [UInt8], keepingLabelsUnder namespace: String?) throws(JSONReadError) -> [ObservedContainer] {
        try decode(body) { (reader) throws(JSONReadError) in
            var containers: [ObservedContainer] = []
            try reader.readArray { (reader) throws(JSONReadError) in
                containers.append(try container(&reader, keepingLabelsUnder: namespace))
            }
            return containers
        }
    }

    private static func container(_ reader: inout JSONReader, keepingLabelsUnder namespace: String?) throws(JSONReadError) -> ObservedContainer {
        var id: String?
        var names: [String] = []
        var labels: [String: String] = [:]
        var endpoints: [ObservedEndpoint] = []
        try reader.readObject { (reader, key) throws(JSONReadError) in
            switch key {
            case "Id":
                guard let value = try reader.readOptionalString() else { throw .wrongType(field: "Id", wanted: "a string") }
                id = value
            case "Names":
                try reader.readArray { (reader) throws(JSONReadError) in names.append(try reader.readString()) }
            case "Labels":
                try reader.readObject { (reader, label) throws(JSONReadError) in
                    let value = try reader.readString()
                    if namespace.map({ label.hasPrefix($0) }) ?? true { labels[label] = value }
                }
            case "NetworkSettings":
                try reader.readObject { (reader, key) throws(JSONReadError) in
                    guard key == "Networks" else { return try reader.skipValue() }
                    try reader.readObject { (reader, _) throws(JSONReadError) in
                        if let endpoint = try self.endpoint(&reader) { endpoints.append(endpoint) }
                    }
                }
            default:
                try reader.skipValue()
            }
        }
        guard let id else { throw .missingField("Id") }
        return ObservedContainer(
            id: id, name: containerName(names), labels: labels, endpoints: endpoints.sorted { $0.networkID < $1.networkID })
    }

    /// One value of `NetworkSettings.Networks`; nil for `null` or an entry without a network ID.
    private static func endpoint(_ reader: inout JSONReader) throws(JSONReadError) -> ObservedEndpoint? {
        var networkID = ""
        var address = ""
        var present = false
        try reader.readObject { (reader, key) throws(JSONReadError) in
            present = true
            switch key {
            case "NetworkID": networkID = try reader.readOptionalString() ?? ""
            case "GlobalIPv6Address": address = try reader.readOptionalString() ?? ""
            default: try reader.skipValue()
            }
        }
        guard present, !networkID.isEmpty else { return nil }
        return ObservedEndpoint(networkID: networkID, ipv6Address: address)
    }

    /// `GET /networks`.
    static func networks(_ body: [UInt8]) throws(JSONReadError) -> [ObservedNetwork] {
        try decode(body) { (reader) throws(JSONReadError) in
            var networks: [ObservedNetwork] = []
            try reader.readArray { (reader) throws(JSONReadError) in networks.append(try network(&reader)) }
            return networks
        }
    }

    private static func network(_ reader: inout JSONReader) throws(JSONReadError) -> ObservedNetwork {
        var id: String?
        var name = ""
        var pools: [IPAMPool] = []
        try reader.readObject { (reader, key) throws(JSONReadError) in
            switch key {
            case "Id":
                guard let value = try reader.readOptionalString() else { throw .wrongType(field: "Id", wanted: "a string") }
                id = value
            case "Name": name = try reader.readOptionalString() ?? ""
            case "IPAM":
                try reader.readObject { (reader, key) throws(JSONReadError) in
                    guard key == "Config" else { return try reader.skipValue() }
                    try reader.readArray { (reader) throws(JSONReadError) in
                        var subnet = ""
                        var gateway = ""
                        try reader.readObject { (reader, key) throws(JSONReadError) in
                            switch key {
                            case "Subnet": subnet = try reader.readOptionalString() ?? ""
                            case "Gateway": gateway = try reader.readOptionalString() ?? ""
                            default: try reader.skipValue()
                            }
                        }
                        // A null entry, or one without a subnet, is no pool.
                        if !subnet.isEmpty { pools.append(IPAMPool(subnet: subnet, gateway: gateway)) }
                    }
                }
            default:
                try reader.skipValue()
            }
        }
        guard let id else { throw .missingField("Id") }
        return ObservedNetwork(id: id, name: name, ipamPools: pools)
    }

    /// `GET /networks/{id}`: the attached containers. The inspect writes each address with its
    /// prefix length, `2001:db8::5/80`.
    static func attachments(_ body: [UInt8]) throws(JSONReadError) -> [NetworkAttachment] {
        try decode(body) { (reader) throws(JSONReadError) in
            var attachments: [NetworkAttachment] = []
            try reader.readObject { (reader, key) throws(JSONReadError) in
                guard key == "Containers" else { return try reader.skipValue() }
                try reader.readObject { (reader, containerID) throws(JSONReadError) in
                    var name = ""
                    var address = ""
                    var present = false
                    try reader.readObject { (reader, key) throws(JSONReadError) in
                        present = true
                        switch key {
                        case "Name": name = try reader.readOptionalString() ?? ""
                        case "IPv6Address": address = try reader.readOptionalString() ?? ""
                        default: try reader.skipValue()
                        }
                    }
                    guard present else { return }
                    let text = address.split(separator: "/").first.map(String.init) ?? ""
                    attachments.append(NetworkAttachment(containerID: containerID, containerName: name, address: IPv6Address(parsing: text)))
                }
            }
            return attachments.sorted { $0.containerName < $1.containerName }
        }
    }

    /// The `message` of an error body `{"message": "..."}`, or nil when the body is not that.
    static func errorMessage(_ body: [UInt8]) -> String? {
        try? decode(body) { (reader) throws(JSONReadError) -> String? in
            var message: String?
            var sawObject = false
            try reader.readObject { (reader, key) throws(JSONReadError) in
                sawObject = true
                if key == "message" { message = try reader.readOptionalString() } else { try reader.skipValue() }
            }
            return sawObject ? message : nil
        } ?? nil
    }

    /// The container's name: Docker lists `/name` plus `/other/alias` for legacy links; the one
    /// without a second slash is the container's own.
    static func containerName(_ names: [String]) -> String {
        let own = names.first { $0.dropFirst().firstIndex(of: "/") == nil } ?? names.first ?? ""
        return own.hasPrefix("/") ? String(own.dropFirst()) : own
    }
}
