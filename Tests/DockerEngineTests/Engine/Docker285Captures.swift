/// Captures from a real Docker 28.5.2 engine (`28.5.2+dfsg4`, Debian unstable's docker.io, API
/// 1.51), read from the socket of a private engine (own data and exec roots under `/tmp`, default
/// address pool 198.18.0.0/16 in /24s, `bridge` on 198.19.255.0/24) with its firewall on (the
/// default: `FirewallBackend` `iptables`). The networks, each with an IPv6 /80 and an IPv4 /24:
///
///     natnet     2001:db8:10:1::/80   no gateway mode option (Docker takes it as nat)
///     routednet  2001:db8:10:2::/80   -o com.docker.network.bridge.gateway_mode_ipv6=routed
///     intnet     2001:db8:10:3::/80   --internal
///     nunet      2001:db8:10:4::/80   -o com.docker.network.bridge.gateway_mode_ipv6=nat-unprotected
///     isonet     2001:db8:10:5::/80   --internal -o com.docker.network.bridge.gateway_mode_ipv6=isolated
///
/// The containers are busybox (tagged `bb`) running `httpd`, started on the default `bridge`
/// and labelled `ipv6.mapper.network=<network>`; l-natnet, l-routednet, l-intnet, l-nunet and
/// l-routed2 were then connected to their networks, l-r3 not yet. Their published ports, as
/// their `Ports` show: `-p 8081:80` (l-natnet), `-p 8082:80` (l-routednet), `-p 8083:80`
/// (l-intnet), `-p 8084:80` (l-nunet), none (l-routed2), `-p 8090:80 -p 0.0.0.0:8091:91`
/// (l-r3); the unlabelled c3, on routednet, publishes three ports, one of them on 0.0.0.0 only.
///
/// JSON bodies are pretty-printed (two spaces, key order as sent), otherwise as sent, but
/// trimmed: from `GET /info` the bulky `Plugins`, `RegistryConfig` and `Runtimes` are left out;
/// from the container list two unlabelled containers (c1, c2) attached to all five networks;
/// from the container inspect everything but a sample of each part (`HostConfig` keeps
/// `PortBindings` among fifteen of its fields, `Config` and `NetworkSettings` a few).
///
/// Note what the engine really does: `-p 8082:80` lists `::` without a `PublicPort` when the
/// container's IPv6 gateway is a routed network (routed mode maps no host port), and with one
/// when it is a nat network; a container not yet on an IPv6 network lists `0.0.0.0` alone,
/// whether it was run with `-p 8090:80` or `-p 0.0.0.0:8091:91`, while its
/// `HostConfig.PortBindings` tells the two apart (`"HostIp": ""` and `"0.0.0.0"`) and its
/// `NetworkSettings.Ports` does not.
enum Docker285 {
    /// `GET /v1.51/info` (trimmed: see above).
    static let info = #"""
{
  "ID": "954ea253-d127-43bf-ab9b-7208faab0bc4",
  "Containers": 9,
  "ContainersRunning": 9,
  "ContainersPaused": 0,
  "ContainersStopped": 0,
  "Images": 1,
  "Driver": "overlay2",
  "DriverStatus": [
    [
      "Backing Filesystem",
      "extfs"
    ],
    [
      "Supports d_type",
      "true"
    ],
    [
      "Using metacopy",
      "false"
    ],
    [
      "Native Overlay Diff",
      "true"
    ],
    [
      "userxattr",
      "false"
    ]
  ],
  "MemoryLimit": true,
  "SwapLimit": true,
  "KernelMemoryTCP": true,
  "CpuCfsPeriod": true,
  "CpuCfsQuota": true,
  "CPUShares": true,
  "CPUSet": true,
  "PidsLimit": true,
  "IPv4Forwarding": true,
  "Debug": false,
  "NFd": 108,
  "OomKillDisable": true,
  "NGoroutines": 94,
  "SystemTime": "2026-12-01T07:47:51.829256883Z",
  "LoggingDriver": "json-file",
  "CgroupDriver": "cgroupfs",
  "CgroupVersion": "1",
  "NEventsListener": 0,
  "KernelVersion": "6.18.44-fc-v973",
  "OperatingSystem": "Debian GNU/Linux 12 (bookworm)",
  "OSVersion": "12",
  "OSType": "linux",
  "Architecture": "x86_64",
  "IndexServerAddress": "https://index.docker.io/v1/",
  "NCPU": 2,
  "MemTotal": 25324732416,
  "GenericResources": null,
  "DockerRootDir": "/tmp/v6t.K2ip/data",
  "HttpProxy": "",
  "HttpsProxy": "",
  "NoProxy": "",
  "Name": "vm",
  "Labels": [],
  "ExperimentalBuild": false,
  "ServerVersion": "28.5.2+dfsg4",
  "DefaultRuntime": "runc",
  "Swarm": {
    "NodeID": "",
    "NodeAddr": "",
    "LocalNodeState": "inactive",
    "ControlAvailable": false,
    "Error": "",
    "RemoteManagers": null
  },
  "LiveRestoreEnabled": false,
  "Isolation": "",
  "InitBinary": "docker-init",
  "ContainerdCommit": {
    "ID": ""
  },
  "RuncCommit": {
    "ID": "1.1.5+ds1-1+deb12u1"
  },
  "InitCommit": {
    "ID": ""
  },
  "SecurityOptions": [
    "name=seccomp,profile=builtin"
  ],
  "DefaultAddressPools": [
    {
      "Base": "198.18.0.0/16",
      "Size": 24
    }
  ],
  "FirewallBackend": {
    "Driver": "iptables"
  },
  "CDISpecDirs": [
    "/etc/cdi",
    "/var/run/cdi"
  ],
  "Containerd": {
    "Address": "/tmp/v6t.K2ip/exec/containerd/containerd.sock",
    "Namespaces": {
      "Containers": "moby",
      "Plugins": "plugins.moby"
    }
  },
  "Warnings": null
}
"""#

    /// `GET /v1.51/networks`, whole.
    static let networkList = #"""
[
  {
    "Name": "none",
    "Id": "1c2c5a964421a184419b2d32a54c97f4ea844f379ab63153e60c6b02f59cdc7f",
    "Created": "2026-12-01T07:37:41.862206099Z",
    "Scope": "local",
    "Driver": "null",
    "EnableIPv4": true,
    "EnableIPv6": false,
    "IPAM": {
      "Driver": "default",
      "Options": null,
      "Config": null
    },
    "Internal": false,
    "Attachable": false,
    "Ingress": false,
    "ConfigFrom": {
      "Network": ""
    },
    "ConfigOnly": false,
    "Containers": {},
    "Options": {},
    "Labels": {}
  },
  {
    "Name": "host",
    "Id": "42ab5c7718698fea4a89b45d2c80e8dc188ef363406af0a6d69ab1f93ecf90f8",
    "Created": "2026-12-01T07:37:41.863498759Z",
    "Scope": "local",
    "Driver": "host",
    "EnableIPv4": true,
    "EnableIPv6": false,
    "IPAM": {
      "Driver": "default",
      "Options": null,
      "Config": null
    },
    "Internal": false,
    "Attachable": false,
    "Ingress": false,
    "ConfigFrom": {
      "Network": ""
    },
    "ConfigOnly": false,
    "Containers": {},
    "Options": {},
    "Labels": {}
  },
  {
    "Name": "bridge",
    "Id": "53fce1b5b5610785e1c0a0a25490da8e3b8efe575caf778f8efbb074b4b2f738",
    "Created": "2026-12-01T07:37:41.864195294Z",
    "Scope": "local",
    "Driver": "bridge",
    "EnableIPv4": true,
    "EnableIPv6": false,
    "IPAM": {
      "Driver": "default",
      "Options": null,
      "Config": [
        {
          "Subnet": "198.19.255.0/24",
          "Gateway": "198.19.255.1"
        }
      ]
    },
    "Internal": false,
    "Attachable": false,
    "Ingress": false,
    "ConfigFrom": {
      "Network": ""
    },
    "ConfigOnly": false,
    "Containers": {},
    "Options": {
      "com.docker.network.bridge.default_bridge": "true",
      "com.docker.network.bridge.enable_icc": "true",
      "com.docker.network.bridge.enable_ip_masquerade": "true",
      "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
      "com.docker.network.bridge.name": "docker0",
      "com.docker.network.driver.mtu": "1500"
    },
    "Labels": {}
  },
  {
    "Name": "natnet",
    "Id": "daa72c4ce4949c758f07dd1f13ed1aaa46cae072bceb605bb16281b0c048aa94",
    "Created": "2026-12-01T07:38:04.907154441Z",
    "Scope": "local",
    "Driver": "bridge",
    "EnableIPv4": true,
    "EnableIPv6": true,
    "IPAM": {
      "Driver": "default",
      "Options": {},
      "Config": [
        {
          "Subnet": "2001:db8:10:1::/80"
        },
        {
          "Subnet": "198.18.0.0/24",
          "Gateway": "198.18.0.1"
        }
      ]
    },
    "Internal": false,
    "Attachable": false,
    "Ingress": false,
    "ConfigFrom": {
      "Network": ""
    },
    "ConfigOnly": false,
    "Containers": {},
    "Options": {},
    "Labels": {}
  },
  {
    "Name": "routednet",
    "Id": "9fc64702c8f5f79defccaa9bf755ba62cc1af5b7b2b79b1fc3440e6bcd9f8f5d",
    "Created": "2026-12-01T07:38:04.994652294Z",
    "Scope": "local",
    "Driver": "bridge",
    "EnableIPv4": true,
    "EnableIPv6": true,
    "IPAM": {
      "Driver": "default",
      "Options": {},
      "Config": [
        {
          "Subnet": "2001:db8:10:2::/80"
        },
        {
          "Subnet": "198.18.1.0/24",
          "Gateway": "198.18.1.1"
        }
      ]
    },
    "Internal": false,
    "Attachable": false,
    "Ingress": false,
    "ConfigFrom": {
      "Network": ""
    },
    "ConfigOnly": false,
    "Containers": {},
    "Options": {
      "com.docker.network.bridge.gateway_mode_ipv6": "routed"
    },
    "Labels": {}
  },
  {
    "Name": "intnet",
    "Id": "2040fedac3af54ab9bb76c61aa463775931d603fe4fb90ab9781455ef4b5764c",
    "Created": "2026-12-01T07:38:05.077796897Z",
    "Scope": "local",
    "Driver": "bridge",
    "EnableIPv4": true,
    "EnableIPv6": true,
    "IPAM": {
      "Driver": "default",
      "Options": {},
      "Config": [
        {
          "Subnet": "2001:db8:10:3::/80"
        },
        {
          "Subnet": "198.18.2.0/24",
          "Gateway": "198.18.2.1"
        }
      ]
    },
    "Internal": true,
    "Attachable": false,
    "Ingress": false,
    "ConfigFrom": {
      "Network": ""
    },
    "ConfigOnly": false,
    "Containers": {},
    "Options": {},
    "Labels": {}
  },
  {
    "Name": "nunet",
    "Id": "41a166aad9ea8e14dbdbb166e0ae50bad96e01442b4397a2f51a4f7faf93990f",
    "Created": "2026-12-01T07:38:05.129565812Z",
    "Scope": "local",
    "Driver": "bridge",
    "EnableIPv4": true,
    "EnableIPv6": true,
    "IPAM": {
      "Driver": "default",
      "Options": {},
      "Config": [
        {
          "Subnet": "2001:db8:10:4::/80"
        },
        {
          "Subnet": "198.18.3.0/24",
          "Gateway": "198.18.3.1"
        }
      ]
    },
    "Internal": false,
    "Attachable": false,
    "Ingress": false,
    "ConfigFrom": {
      "Network": ""
    },
    "ConfigOnly": false,
    "Containers": {},
    "Options": {
      "com.docker.network.bridge.gateway_mode_ipv6": "nat-unprotected"
    },
    "Labels": {}
  },
  {
    "Name": "isonet",
    "Id": "0141f33db6b3f4b5e8292d04b4497adbcf7cfad206c01091edc884d2fa7976af",
    "Created": "2026-12-01T07:38:10.661772905Z",
    "Scope": "local",
    "Driver": "bridge",
    "EnableIPv4": true,
    "EnableIPv6": true,
    "IPAM": {
      "Driver": "default",
      "Options": {},
      "Config": [
        {
          "Subnet": "2001:db8:10:5::/80"
        },
        {
          "Subnet": "198.18.4.0/24",
          "Gateway": "198.18.4.1"
        }
      ]
    },
    "Internal": true,
    "Attachable": false,
    "Ingress": false,
    "ConfigFrom": {
      "Network": ""
    },
    "ConfigOnly": false,
    "Containers": {},
    "Options": {
      "com.docker.network.bridge.gateway_mode_ipv6": "isolated"
    },
    "Labels": {}
  }
]
"""#

    /// `GET /v1.51/containers/json` (all running containers; c1 and c2 left out).
    static let containerList = #"""
[
  {
    "Id": "efdc16081bea610e5e2579b5d8a825598a0137950bb26259b6c1d6dc1bbb1170",
    "Names": [
      "/l-r3"
    ],
    "Image": "bb",
    "ImageID": "sha256:584889ffc535f7d6ecabd48bc94f938658d6cb2ff0ab07b16d7d5a2c24a3836a",
    "Command": "httpd -f -p 80 -h /www",
    "Created": 1796111229,
    "Ports": [
      {
        "IP": "0.0.0.0",
        "PrivatePort": 80,
        "PublicPort": 8090,
        "Type": "tcp"
      },
      {
        "IP": "0.0.0.0",
        "PrivatePort": 91,
        "PublicPort": 8091,
        "Type": "tcp"
      }
    ],
    "Labels": {
      "ipv6.mapper.network": "routednet"
    },
    "State": "running",
    "Status": "Up 42 seconds",
    "HostConfig": {
      "NetworkMode": "bridge"
    },
    "NetworkSettings": {
      "Networks": {
        "bridge": {
          "IPAMConfig": null,
          "Links": null,
          "Aliases": null,
          "MacAddress": "ca:6e:4c:6e:77:f3",
          "DriverOpts": null,
          "GwPriority": 0,
          "NetworkID": "53fce1b5b5610785e1c0a0a25490da8e3b8efe575caf778f8efbb074b4b2f738",
          "EndpointID": "6370df779372b90e9fb607a19f7f43a0531cc6068763a333cb384bafd5727c5a",
          "Gateway": "198.19.255.1",
          "IPAddress": "198.19.255.10",
          "IPPrefixLen": 24,
          "IPv6Gateway": "",
          "GlobalIPv6Address": "",
          "GlobalIPv6PrefixLen": 0,
          "DNSNames": null
        }
      }
    },
    "Mounts": []
  },
  {
    "Id": "7365d8e9bc0edfa060e86e8cdd2711887fa02712c4a80fec4774024ce6c82c9a",
    "Names": [
      "/l-nunet"
    ],
    "Image": "bb",
    "ImageID": "sha256:584889ffc535f7d6ecabd48bc94f938658d6cb2ff0ab07b16d7d5a2c24a3836a",
    "Command": "httpd -f -p 80 -h /www",
    "Created": 1796111167,
    "Ports": [
      {
        "IP": "0.0.0.0",
        "PrivatePort": 80,
        "PublicPort": 8084,
        "Type": "tcp"
      },
      {
        "IP": "::",
        "PrivatePort": 80,
        "PublicPort": 8084,
        "Type": "tcp"
      }
    ],
    "Labels": {
      "ipv6.mapper.network": "nunet"
    },
    "State": "running",
    "Status": "Up About a minute",
    "HostConfig": {
      "NetworkMode": "bridge"
    },
    "NetworkSettings": {
      "Networks": {
        "bridge": {
          "IPAMConfig": null,
          "Links": null,
          "Aliases": null,
          "MacAddress": "0e:d1:c0:99:56:8e",
          "DriverOpts": null,
          "GwPriority": 0,
          "NetworkID": "53fce1b5b5610785e1c0a0a25490da8e3b8efe575caf778f8efbb074b4b2f738",
          "EndpointID": "c62f7d798f6606c8ab6d691f86e56563075cd3b5814e72c4987fc8978bc15a60",
          "Gateway": "198.19.255.1",
          "IPAddress": "198.19.255.9",
          "IPPrefixLen": 24,
          "IPv6Gateway": "",
          "GlobalIPv6Address": "",
          "GlobalIPv6PrefixLen": 0,
          "DNSNames": null
        },
        "nunet": {
          "IPAMConfig": {
            "IPv6Address": "2001:db8:10:4:0:8f:8:e5"
          },
          "Links": null,
          "Aliases": null,
          "MacAddress": "02:03:06:5e:57:3f",
          "DriverOpts": null,
          "GwPriority": 0,
          "NetworkID": "41a166aad9ea8e14dbdbb166e0ae50bad96e01442b4397a2f51a4f7faf93990f",
          "EndpointID": "13a6813ab270b43e5690d7808c1ef53d28ac40a3584d808160c3bc597345effa",
          "Gateway": "198.18.3.1",
          "IPAddress": "198.18.3.4",
          "IPPrefixLen": 24,
          "IPv6Gateway": "2001:db8:10:4::1",
          "GlobalIPv6Address": "2001:db8:10:4:0:8f:8:e5",
          "GlobalIPv6PrefixLen": 80,
          "DNSNames": null
        }
      }
    },
    "Mounts": []
  },
  {
    "Id": "17add3ab9c99d987e5768d1efc8b0a26a104257c7968c542c3666ae75589109c",
    "Names": [
      "/l-intnet"
    ],
    "Image": "bb",
    "ImageID": "sha256:584889ffc535f7d6ecabd48bc94f938658d6cb2ff0ab07b16d7d5a2c24a3836a",
    "Command": "httpd -f -p 80 -h /www",
    "Created": 1796111167,
    "Ports": [
      {
        "IP": "0.0.0.0",
        "PrivatePort": 80,
        "PublicPort": 8083,
        "Type": "tcp"
      }
    ],
    "Labels": {
      "ipv6.mapper.network": "intnet"
    },
    "State": "running",
    "Status": "Up About a minute",
    "HostConfig": {
      "NetworkMode": "bridge"
    },
    "NetworkSettings": {
      "Networks": {
        "bridge": {
          "IPAMConfig": null,
          "Links": null,
          "Aliases": null,
          "MacAddress": "26:28:2c:2a:47:32",
          "DriverOpts": null,
          "GwPriority": 0,
          "NetworkID": "53fce1b5b5610785e1c0a0a25490da8e3b8efe575caf778f8efbb074b4b2f738",
          "EndpointID": "5d7ed0fd3481dd7f4f97bcf971ed6c9eab989fb80b58f8b4d375f4a96067ffea",
          "Gateway": "198.19.255.1",
          "IPAddress": "198.19.255.8",
          "IPPrefixLen": 24,
          "IPv6Gateway": "",
          "GlobalIPv6Address": "",
          "GlobalIPv6PrefixLen": 0,
          "DNSNames": null
        },
        "intnet": {
          "IPAMConfig": {
            "IPv6Address": "2001:db8:10:3:0:35:c5:6b"
          },
          "Links": null,
          "Aliases": null,
          "MacAddress": "be:28:5e:4c:40:0a",
          "DriverOpts": null,
          "GwPriority": 0,
          "NetworkID": "2040fedac3af54ab9bb76c61aa463775931d603fe4fb90ab9781455ef4b5764c",
          "EndpointID": "9f3c34956e50d68599032d6d591dc4e2788179fa865e417cd876f8062182fac2",
          "Gateway": "",
          "IPAddress": "198.18.2.4",
          "IPPrefixLen": 24,
          "IPv6Gateway": "",
          "GlobalIPv6Address": "2001:db8:10:3:0:35:c5:6b",
          "GlobalIPv6PrefixLen": 80,
          "DNSNames": null
        }
      }
    },
    "Mounts": []
  },
  {
    "Id": "d81bbca2bb54d0c7139ad264d5e7c9b000edee616ad389fb683944284de07ddc",
    "Names": [
      "/l-routednet"
    ],
    "Image": "bb",
    "ImageID": "sha256:584889ffc535f7d6ecabd48bc94f938658d6cb2ff0ab07b16d7d5a2c24a3836a",
    "Command": "httpd -f -p 80 -h /www",
    "Created": 1796111167,
    "Ports": [
      {
        "IP": "0.0.0.0",
        "PrivatePort": 80,
        "PublicPort": 8082,
        "Type": "tcp"
      },
      {
        "IP": "::",
        "PrivatePort": 80,
        "Type": "tcp"
      }
    ],
    "Labels": {
      "ipv6.mapper.network": "routednet"
    },
    "State": "running",
    "Status": "Up About a minute",
    "HostConfig": {
      "NetworkMode": "bridge"
    },
    "NetworkSettings": {
      "Networks": {
        "bridge": {
          "IPAMConfig": null,
          "Links": null,
          "Aliases": null,
          "MacAddress": "d2:43:1e:cb:69:ff",
          "DriverOpts": null,
          "GwPriority": 0,
          "NetworkID": "53fce1b5b5610785e1c0a0a25490da8e3b8efe575caf778f8efbb074b4b2f738",
          "EndpointID": "8ba80abc180347c15074dd592bc5f7ac5ffaced28fc4dfc334424ef76b0fde99",
          "Gateway": "198.19.255.1",
          "IPAddress": "198.19.255.7",
          "IPPrefixLen": 24,
          "IPv6Gateway": "",
          "GlobalIPv6Address": "",
          "GlobalIPv6PrefixLen": 0,
          "DNSNames": null
        },
        "routednet": {
          "IPAMConfig": {
            "IPv6Address": "2001:db8:10:2:0:8b:ce:7f"
          },
          "Links": null,
          "Aliases": null,
          "MacAddress": "56:e5:78:a8:b6:0d",
          "DriverOpts": null,
          "GwPriority": 0,
          "NetworkID": "9fc64702c8f5f79defccaa9bf755ba62cc1af5b7b2b79b1fc3440e6bcd9f8f5d",
          "EndpointID": "006ec7abbfa695eaf226a86aee84a836724c37c1884acbdb13b2a137526f8c50",
          "Gateway": "198.18.1.1",
          "IPAddress": "198.18.1.6",
          "IPPrefixLen": 24,
          "IPv6Gateway": "2001:db8:10:2::1",
          "GlobalIPv6Address": "2001:db8:10:2:0:8b:ce:7f",
          "GlobalIPv6PrefixLen": 80,
          "DNSNames": null
        }
      }
    },
    "Mounts": []
  },
  {
    "Id": "726e4e2ed9f42873f15bb0d67e3702467b37b1defb62adec31eeeacf46da5047",
    "Names": [
      "/l-natnet"
    ],
    "Image": "bb",
    "ImageID": "sha256:584889ffc535f7d6ecabd48bc94f938658d6cb2ff0ab07b16d7d5a2c24a3836a",
    "Command": "httpd -f -p 80 -h /www",
    "Created": 1796111167,
    "Ports": [
      {
        "IP": "0.0.0.0",
        "PrivatePort": 80,
        "PublicPort": 8081,
        "Type": "tcp"
      },
      {
        "IP": "::",
        "PrivatePort": 80,
        "PublicPort": 8081,
        "Type": "tcp"
      }
    ],
    "Labels": {
      "ipv6.mapper.network": "natnet"
    },
    "State": "running",
    "Status": "Up About a minute",
    "HostConfig": {
      "NetworkMode": "bridge"
    },
    "NetworkSettings": {
      "Networks": {
        "bridge": {
          "IPAMConfig": null,
          "Links": null,
          "Aliases": null,
          "MacAddress": "aa:cc:59:bf:0d:fc",
          "DriverOpts": null,
          "GwPriority": 0,
          "NetworkID": "53fce1b5b5610785e1c0a0a25490da8e3b8efe575caf778f8efbb074b4b2f738",
          "EndpointID": "281d5ff3bc551713219f0672ab43a487ebd816d43d60cb2bdaf7d2da179b0a6c",
          "Gateway": "198.19.255.1",
          "IPAddress": "198.19.255.6",
          "IPPrefixLen": 24,
          "IPv6Gateway": "",
          "GlobalIPv6Address": "",
          "GlobalIPv6PrefixLen": 0,
          "DNSNames": null
        },
        "natnet": {
          "IPAMConfig": {
            "IPv6Address": "2001:db8:10:1:0:8d:fb:b7"
          },
          "Links": null,
          "Aliases": null,
          "MacAddress": "12:7d:65:21:23:97",
          "DriverOpts": null,
          "GwPriority": 0,
          "NetworkID": "daa72c4ce4949c758f07dd1f13ed1aaa46cae072bceb605bb16281b0c048aa94",
          "EndpointID": "92c0c19422fad8b118048a5eb6c937767bdcbfe9d24483a7ec75056ca7348500",
          "Gateway": "198.18.0.1",
          "IPAddress": "198.18.0.4",
          "IPPrefixLen": 24,
          "IPv6Gateway": "2001:db8:10:1::1",
          "GlobalIPv6Address": "2001:db8:10:1:0:8d:fb:b7",
          "GlobalIPv6PrefixLen": 80,
          "DNSNames": null
        }
      }
    },
    "Mounts": []
  },
  {
    "Id": "f699b35ff31893df411e303938e225dfdbb4fbd2ae3d47413cf1f477fbc110c7",
    "Names": [
      "/l-routed2"
    ],
    "Image": "bb",
    "ImageID": "sha256:584889ffc535f7d6ecabd48bc94f938658d6cb2ff0ab07b16d7d5a2c24a3836a",
    "Command": "httpd -f -p 80 -h /www",
    "Created": 1796111161,
    "Ports": [],
    "Labels": {
      "ipv6.mapper.network": "routednet"
    },
    "State": "running",
    "Status": "Up About a minute",
    "HostConfig": {
      "NetworkMode": "bridge"
    },
    "NetworkSettings": {
      "Networks": {
        "bridge": {
          "IPAMConfig": null,
          "Links": null,
          "Aliases": null,
          "MacAddress": "56:68:38:38:9f:64",
          "DriverOpts": null,
          "GwPriority": 0,
          "NetworkID": "53fce1b5b5610785e1c0a0a25490da8e3b8efe575caf778f8efbb074b4b2f738",
          "EndpointID": "184783e235ec2d581a767d6ed3ac990292b1d57d4cae54d0d4c882584709a009",
          "Gateway": "198.19.255.1",
          "IPAddress": "198.19.255.5",
          "IPPrefixLen": 24,
          "IPv6Gateway": "",
          "GlobalIPv6Address": "",
          "GlobalIPv6PrefixLen": 0,
          "DNSNames": null
        },
        "routednet": {
          "IPAMConfig": {
            "IPv6Address": "2001:db8:10:2:0:ff:c4:81"
          },
          "Links": null,
          "Aliases": null,
          "MacAddress": "02:3a:9d:6c:23:7d",
          "DriverOpts": null,
          "GwPriority": 0,
          "NetworkID": "9fc64702c8f5f79defccaa9bf755ba62cc1af5b7b2b79b1fc3440e6bcd9f8f5d",
          "EndpointID": "acd24f3365fc530b929e5fcbfb9d7eeec03445466ce4a32a864c4a604e1079f9",
          "Gateway": "198.18.1.1",
          "IPAddress": "198.18.1.5",
          "IPPrefixLen": 24,
          "IPv6Gateway": "2001:db8:10:2::1",
          "GlobalIPv6Address": "2001:db8:10:2:0:ff:c4:81",
          "GlobalIPv6PrefixLen": 80,
          "DNSNames": null
        }
      }
    },
    "Mounts": []
  },
  {
    "Id": "00bea2eda812968ec73260881bcc19ad6b5407ae4f8cc95ce60e87e83c6972ad",
    "Names": [
      "/c3"
    ],
    "Image": "bb",
    "ImageID": "sha256:584889ffc535f7d6ecabd48bc94f938658d6cb2ff0ab07b16d7d5a2c24a3836a",
    "Command": "sh -c 'httpd -p 90 -h /www; httpd -p 82 -h /www; httpd -p 83 -h /www; httpd -f -p 81 -h /www'",
    "Created": 1796110834,
    "Ports": [
      {
        "IP": "0.0.0.0",
        "PrivatePort": 90,
        "PublicPort": 90,
        "Type": "tcp"
      },
      {
        "IP": "::",
        "PrivatePort": 90,
        "Type": "tcp"
      },
      {
        "IP": "0.0.0.0",
        "PrivatePort": 81,
        "PublicPort": 8080,
        "Type": "tcp"
      },
      {
        "IP": "::",
        "PrivatePort": 81,
        "Type": "tcp"
      },
      {
        "IP": "0.0.0.0",
        "PrivatePort": 82,
        "PublicPort": 82,
        "Type": "tcp"
      }
    ],
    "Labels": {},
    "State": "running",
    "Status": "Up 7 minutes",
    "HostConfig": {
      "NetworkMode": "bridge"
    },
    "NetworkSettings": {
      "Networks": {
        "bridge": {
          "IPAMConfig": null,
          "Links": null,
          "Aliases": null,
          "MacAddress": "fe:b5:e8:27:7f:2e",
          "DriverOpts": null,
          "GwPriority": 0,
          "NetworkID": "53fce1b5b5610785e1c0a0a25490da8e3b8efe575caf778f8efbb074b4b2f738",
          "EndpointID": "0b201f20675ba84796e7e2ea764e4b89014cef197a9f6bb5791e49a015561313",
          "Gateway": "198.19.255.1",
          "IPAddress": "198.19.255.4",
          "IPPrefixLen": 24,
          "IPv6Gateway": "",
          "GlobalIPv6Address": "",
          "GlobalIPv6PrefixLen": 0,
          "DNSNames": null
        },
        "routednet": {
          "IPAMConfig": {
            "IPv6Address": "2001:db8:10:2::c3"
          },
          "Links": null,
          "Aliases": null,
          "MacAddress": "fe:9a:41:b0:82:d0",
          "DriverOpts": null,
          "GwPriority": 0,
          "NetworkID": "9fc64702c8f5f79defccaa9bf755ba62cc1af5b7b2b79b1fc3440e6bcd9f8f5d",
          "EndpointID": "81ae156cf4aee0fe15e4bdb8133fb14429684ebc3865953450fc312437b0a2d4",
          "Gateway": "198.18.1.1",
          "IPAddress": "198.18.1.4",
          "IPPrefixLen": 24,
          "IPv6Gateway": "2001:db8:10:2::1",
          "GlobalIPv6Address": "2001:db8:10:2::c3",
          "GlobalIPv6PrefixLen": 80,
          "DNSNames": null
        }
      }
    },
    "Mounts": []
  }
]
"""#

    /// `GET /v1.51/containers/l-r3/json` (trimmed: see above).
    static let containerInspect = #"""
{
  "Id": "efdc16081bea610e5e2579b5d8a825598a0137950bb26259b6c1d6dc1bbb1170",
  "Created": "2026-12-01T07:47:09.835034732Z",
  "Path": "httpd",
  "Args": [
    "-f",
    "-p",
    "80",
    "-h",
    "/www"
  ],
  "State": {
    "Status": "running",
    "Running": true,
    "Paused": false,
    "Restarting": false,
    "OOMKilled": false,
    "Dead": false,
    "Pid": 7943,
    "ExitCode": 0,
    "Error": "",
    "StartedAt": "2026-12-01T07:47:09.847680423Z",
    "FinishedAt": "0001-01-01T00:00:00Z"
  },
  "Image": "sha256:584889ffc535f7d6ecabd48bc94f938658d6cb2ff0ab07b16d7d5a2c24a3836a",
  "Name": "/l-r3",
  "RestartCount": 0,
  "Driver": "overlay2",
  "Platform": "linux",
  "HostConfig": {
    "Binds": null,
    "ContainerIDFile": "",
    "LogConfig": {
      "Type": "json-file",
      "Config": {}
    },
    "NetworkMode": "bridge",
    "PortBindings": {
      "80/tcp": [
        {
          "HostIp": "",
          "HostPort": "8090"
        }
      ],
      "91/tcp": [
        {
          "HostIp": "0.0.0.0",
          "HostPort": "8091"
        }
      ]
    },
    "RestartPolicy": {
      "Name": "no",
      "MaximumRetryCount": 0
    },
    "AutoRemove": false,
    "ConsoleSize": [
      0,
      0
    ],
    "CapAdd": null,
    "Dns": [],
    "ExtraHosts": null,
    "PublishAllPorts": false,
    "ShmSize": 67108864,
    "Runtime": "runc",
    "MaskedPaths": [
      "/proc/asound",
      "/proc/acpi",
      "/proc/interrupts",
      "/proc/kcore",
      "/proc/keys",
      "/proc/latency_stats",
      "/proc/timer_list",
      "/proc/timer_stats",
      "/proc/sched_debug",
      "/proc/scsi",
      "/sys/firmware",
      "/sys/devices/virtual/powercap"
    ]
  },
  "Mounts": [],
  "Config": {
    "Hostname": "efdc16081bea",
    "ExposedPorts": {
      "80/tcp": {},
      "91/tcp": {}
    },
    "Tty": false,
    "Env": null,
    "Cmd": [
      "httpd",
      "-f",
      "-p",
      "80",
      "-h",
      "/www"
    ],
    "Image": "bb",
    "Labels": {
      "ipv6.mapper.network": "routednet"
    }
  },
  "NetworkSettings": {
    "Bridge": "",
    "SandboxID": "bb321ff6aff6cea07bd18aa435bd3fa11533a7e843bf13a28bb382b5484e800a",
    "Ports": {
      "80/tcp": [
        {
          "HostIp": "0.0.0.0",
          "HostPort": "8090"
        }
      ],
      "91/tcp": [
        {
          "HostIp": "0.0.0.0",
          "HostPort": "8091"
        }
      ]
    },
    "EndpointID": "6370df779372b90e9fb607a19f7f43a0531cc6068763a333cb384bafd5727c5a",
    "Gateway": "198.19.255.1",
    "IPAddress": "198.19.255.10",
    "Networks": {
      "bridge": {
        "IPAMConfig": null,
        "Links": null,
        "Aliases": null,
        "MacAddress": "ca:6e:4c:6e:77:f3",
        "DriverOpts": null,
        "GwPriority": 0,
        "NetworkID": "53fce1b5b5610785e1c0a0a25490da8e3b8efe575caf778f8efbb074b4b2f738",
        "EndpointID": "6370df779372b90e9fb607a19f7f43a0531cc6068763a333cb384bafd5727c5a",
        "Gateway": "198.19.255.1",
        "IPAddress": "198.19.255.10",
        "IPPrefixLen": 24,
        "IPv6Gateway": "",
        "GlobalIPv6Address": "",
        "GlobalIPv6PrefixLen": 0,
        "DNSNames": null
      }
    }
  }
}
"""#
}
