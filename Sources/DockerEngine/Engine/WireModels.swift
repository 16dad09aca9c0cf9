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
        var ports: [PublishedPort] = []
        try reader.readObject { (reader, key) throws(JSONReadError) in
            switch key {
            case "Ports":
                try reader.readArray { (reader) throws(JSONReadError) in
                    if let port = try publishedPort(&reader) { ports.append(port) }
                }
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
            id: id, name: containerName(names), labels: labels, endpoints: endpoints.sorted { $0.networkID < $1.networkID },
            publishedPorts: ports)
    }

    /// One `Ports` entry; nil for a port that is only exposed (neither `IP` nor `PublicPort`).
    /// Docker lists a published port once per host address (`IP`; on a routed network the `::`
    /// entry has no `PublicPort`); Podman lists one bound to every address without `IP`, as
    /// `{"PrivatePort":80,"PublicPort":8080}`, which reads as host address "" (every address).
    private static func publishedPort(_ reader: inout JSONReader) throws(JSONReadError) -> PublishedPort? {
        var hostAddress: String?
        var publicPort: Int?
        var containerPort: Int?
        var transport = "tcp"
        try reader.readObject { (reader, key) throws(JSONReadError) in
            switch key {
            case "IP": hostAddress = try reader.readOptionalString()
            case "PublicPort": publicPort = try reader.readOptionalInteger()
            case "PrivatePort": containerPort = try reader.readOptionalInteger()
            case "Type": transport = try reader.readOptionalString() ?? "tcp"
            default: try reader.skipValue()
            }
        }
        guard let containerPort else { return nil }
        if let hostAddress, !hostAddress.isEmpty {
            return PublishedPort(containerPort: containerPort, transport: transport, hostAddress: hostAddress)
        }
        guard let publicPort, publicPort != 0 else { return nil }
        return PublishedPort(containerPort: containerPort, transport: transport, hostAddress: "")
    }

    /// One value of `NetworkSettings.Networks`; nil for `null` or an entry without a network ID.
    private static func endpoint(_ reader: inout JSONReader) throws(JSONReadError) -> ObservedEndpoint? {
        var networkID = ""
        var address = ""
        var priority = 0
        var present = false
        try reader.readObject { (reader, key) throws(JSONReadError) in
            present = true
            switch key {
            case "NetworkID": networkID = try reader.readOptionalString() ?? ""
            case "GlobalIPv6Address": address = try reader.readOptionalString() ?? ""
            case "GwPriority": priority = try reader.readOptionalInteger() ?? 0
            default: try reader.skipValue()
            }
        }
        guard present, !networkID.isEmpty else { return nil }
        return ObservedEndpoint(networkID: networkID, ipv6Address: address, gatewayPriority: priority)
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
        var isInternal = false
        var ipv6GatewayMode: String?
        var ipv4GatewayMode: String?
        // Docker and Podman always list the driver; one without is taken as the default, bridge.
        var driver = "bridge"
        try reader.readObject { (reader, key) throws(JSONReadError) in
            switch key {
            case "Id":
                guard let value = try reader.readOptionalString() else { throw .wrongType(field: "Id", wanted: "a string") }
                id = value
            case "Name": name = try reader.readOptionalString() ?? ""
            case "Internal": isInternal = try reader.readOptionalBool() ?? false
            case "Driver": driver = try reader.readOptionalString() ?? "bridge"
            case "Options":
                // Only the gateway modes: the rest of a network's driver options are not ours.
                try reader.readObject { (reader, option) throws(JSONReadError) in
                    switch option {
                    case "com.docker.network.bridge.gateway_mode_ipv6": ipv6GatewayMode = try reader.readOptionalString()
                    case "com.docker.network.bridge.gateway_mode_ipv4": ipv4GatewayMode = try reader.readOptionalString()
                    default: try reader.skipValue()
                    }
                }
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
        return ObservedNetwork(
            id: id, name: name, ipamPools: pools, isInternal: isInternal, ipv6GatewayMode: ipv6GatewayMode,
            ipv4GatewayMode: ipv4GatewayMode, driver: driver)
    }

    /// `GET /containers/{id}/json`: `HostConfig.PortBindings`, `{"80/tcp": [{"HostIp": "",
    /// "HostPort": "8080"}]}`; a binding without `HostIp` is for every address.
    static func portBindings(_ body: [UInt8]) throws(JSONReadError) -> [PublishedPort] {
        try decode(body) { (reader) throws(JSONReadError) in
            var ports: [PublishedPort] = []
            try reader.readObject { (reader, key) throws(JSONReadError) in
                guard key == "HostConfig" else { return try reader.skipValue() }
                try reader.readObject { (reader, key) throws(JSONReadError) in
                    guard key == "PortBindings" else { return try reader.skipValue() }
                    try reader.readObject { (reader, portAndTransport) throws(JSONReadError) in
                        let parts = portAndTransport.split(separator: "/", maxSplits: 1)
                        guard let port = parts.first.flatMap({ Int($0) }) else { return try reader.skipValue() }
                        let transport = parts.count == 2 ? String(parts[1]) : "tcp"
                        try reader.readArray { (reader) throws(JSONReadError) in
                            var hostAddress = ""
                            try reader.readObject { (reader, key) throws(JSONReadError) in
                                if key == "HostIp" { hostAddress = try reader.readOptionalString() ?? "" } else { try reader.skipValue() }
                            }
                            ports.append(PublishedPort(containerPort: port, transport: transport, hostAddress: hostAddress))
                        }
                    }
                }
            }
            return ports
        }
    }

    /// `GET /info`: the server version, whether it is experimental, and its firewall backend.
    static func engineInfo(_ body: [UInt8]) throws(JSONReadError) -> EngineInfo {
        try decode(body) { (reader) throws(JSONReadError) in
            var facts = EngineInfo()
            try reader.readObject { (reader, key) throws(JSONReadError) in
                switch key {
                case "ServerVersion": facts.serverVersion = try reader.readOptionalString() ?? ""
                case "ExperimentalBuild": facts.experimental = try reader.readOptionalBool() ?? false
                case "FirewallBackend":
                    var present = false
                    var driver = ""
                    try reader.readObject { (reader, key) throws(JSONReadError) in
                        present = true
                        if key == "Driver" { driver = try reader.readOptionalString() ?? "" } else { try reader.skipValue() }
                    }
                    if present { facts.firewallBackend = driver }
                default: try reader.skipValue()
                }
            }
            return facts
        }
    }

    /// Podman's own `GET /libpod/networks/json`: `[{"name","id","driver","subnets":[{"subnet",
    /// "gateway"}],"internal",...}]`. It lists no containers, so it still answers when a
    /// half-made endpoint breaks the Docker-compatible list (Podman 4.3). Podman has no gateway
    /// modes; its default network is named `podman` here (the compatible list calls it `bridge`).
    static func libpodNetworks(_ body: [UInt8]) throws(JSONReadError) -> [ObservedNetwork] {
        try decode(body) { (reader) throws(JSONReadError) in
            var networks: [ObservedNetwork] = []
            try reader.readArray { (reader) throws(JSONReadError) in
                var id: String?
                var name = ""
                var driver = "bridge"
                var isInternal = false
                var pools: [IPAMPool] = []
                try reader.readObject { (reader, key) throws(JSONReadError) in
                    switch key {
                    case "id": id = try reader.readOptionalString()
                    case "name": name = try reader.readOptionalString() ?? ""
                    case "driver": driver = try reader.readOptionalString() ?? "bridge"
                    case "internal": isInternal = try reader.readOptionalBool() ?? false
                    case "subnets":
                        try reader.readArray { (reader) throws(JSONReadError) in
                            var subnet = ""
                            var gateway = ""
                            try reader.readObject { (reader, key) throws(JSONReadError) in
                                switch key {
                                case "subnet": subnet = try reader.readOptionalString() ?? ""
                                case "gateway": gateway = try reader.readOptionalString() ?? ""
                                default: try reader.skipValue()
                                }
                            }
                            if !subnet.isEmpty { pools.append(IPAMPool(subnet: subnet, gateway: gateway)) }
                        }
                    default: try reader.skipValue()
                    }
                }
                guard let id else { throw .missingField("id") }
                networks.append(ObservedNetwork(id: id, name: name, ipamPools: pools, isInternal: isInternal, driver: driver))
            }
            return networks
        }
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
