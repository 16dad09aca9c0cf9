/// Captures from a real Docker 20.10.24 engine (Debian 12's docker.io, API 1.41), taken with
/// curl on a private engine started by scripts/lib/engine.sh after:
///
///     docker network create --ipv6 --subnet 2001:db8:1:1::/80 --subnet 172.30.0.0/16 v6first
///     docker network create --ipv6 --subnet 172.31.0.0/16 --subnet 2001:db8:2::/64 \
///         --gateway 2001:db8:2::fffe v4first
///     docker run -d --name db --label ipv6-reconcile=v6first busybox sleep 1000
///     docker run -d --name web --link db:db --label ipv6-reconcile=v6first \
///         --label ipv6-reconcile.v6first.suffix=ab:cd:56 busybox sleep 1000
///     docker network connect --ip6 2001:db8:1:1::ab:cd:56 v6first web
///     docker network connect v4first web
///     docker run -d --name cache --network v6first busybox sleep 1000
///
/// (the v6first network also carries the label ipv6-reconcile.v6first=1). JSON bodies are
/// pretty-printed, otherwise as sent; HTTP responses are byte for byte (`curl --raw -i`). Note
/// what the engine really does: it lists the IPv4 pool first whatever order the subnets were
/// given in, writes `"IPAMConfig": null` for an endpoint connected without one, `{}` for one
/// connected with an empty one, and `["/db", "/web/db"]` for a container with a legacy link.
enum Docker2010 {
    /// `GET /v1.41/containers/json` (all running containers, no filter).
    static let containerList = #"""
[
  {
    "Id": "53be78e03b884b9c35b83c86488bbaa90873913f471b5e91c735301ba5b1e18f",
    "Names": [
      "/cache"
    ],
    "Image": "ipv6-reconcile-test/busybox:latest",
    "ImageID": "sha256:85d69068ce0ebefa618f6a77319fc869530d91bb0d3c2d6b23a60e5df78fa5f8",
    "Command": "sleep 1000",
    "Created": 1795925336,
    "Ports": [],
    "Labels": {},
    "State": "running",
    "Status": "Up Less than a second",
    "HostConfig": {
      "NetworkMode": "v6first"
    },
    "NetworkSettings": {
      "Networks": {
        "v6first": {
          "IPAMConfig": null,
          "Links": null,
          "Aliases": null,
          "NetworkID": "e3462370fe1049c7b943b1c7a2f176d461c03a6db16eaa01cae5a47e07cfcf0c",
          "EndpointID": "f553a0c898652eb5668758a9e255b67ef5ead792bc12e00026dff5b3fb798370",
          "Gateway": "172.30.0.1",
          "IPAddress": "172.30.0.3",
          "IPPrefixLen": 16,
          "IPv6Gateway": "2001:db8:1:1::1",
          "GlobalIPv6Address": "2001:db8:1:1::2",
          "GlobalIPv6PrefixLen": 80,
          "MacAddress": "02:42:ac:1e:00:03",
          "DriverOpts": null
        }
      }
    },
    "Mounts": []
  },
  {
    "Id": "75d901552800ee67ca78888df6bbb1105ed2fbb573efa17eccc431549218b927",
    "Names": [
      "/web"
    ],
    "Image": "ipv6-reconcile-test/busybox:latest",
    "ImageID": "sha256:85d69068ce0ebefa618f6a77319fc869530d91bb0d3c2d6b23a60e5df78fa5f8",
    "Command": "sleep 1000",
    "Created": 1795925335,
    "Ports": [],
    "Labels": {
      "ipv6-reconcile": "v6first",
      "ipv6-reconcile.v6first.suffix": "ab:cd:56"
    },
    "State": "running",
    "Status": "Up 1 second",
    "HostConfig": {
      "NetworkMode": "default"
    },
    "NetworkSettings": {
      "Networks": {
        "bridge": {
          "IPAMConfig": null,
          "Links": null,
          "Aliases": null,
          "NetworkID": "d6502fa4b38e0d65eae9902b5776f33d45b7709e7c63c23d0cd6bd1fab11ad9e",
          "EndpointID": "115814bdc45327b607b6f5fe798d7f8a7865b4ab9fdd81bd1c9d6ca9671fba66",
          "Gateway": "198.19.255.1",
          "IPAddress": "198.19.255.3",
          "IPPrefixLen": 24,
          "IPv6Gateway": "",
          "GlobalIPv6Address": "",
          "GlobalIPv6PrefixLen": 0,
          "MacAddress": "02:42:c6:13:ff:03",
          "DriverOpts": null
        },
        "v4first": {
          "IPAMConfig": {},
          "Links": null,
          "Aliases": null,
          "NetworkID": "0597675ff3104560ba7e7d1bd6386b4a8d0e11f5408fa50434c5a9cdca6edc30",
          "EndpointID": "5ca31ba7c6931109b5b672729533ceb53bcc138603f0768676421541754b6740",
          "Gateway": "172.31.0.1",
          "IPAddress": "172.31.0.2",
          "IPPrefixLen": 16,
          "IPv6Gateway": "2001:db8:2::fffe",
          "GlobalIPv6Address": "2001:db8:2::1",
          "GlobalIPv6PrefixLen": 64,
          "MacAddress": "02:42:ac:1f:00:02",
          "DriverOpts": null
        },
        "v6first": {
          "IPAMConfig": {
            "IPv6Address": "2001:db8:1:1::ab:cd:56"
          },
          "Links": null,
          "Aliases": null,
          "NetworkID": "e3462370fe1049c7b943b1c7a2f176d461c03a6db16eaa01cae5a47e07cfcf0c",
          "EndpointID": "bd0243883f4cea501d8aa202122038f0e11d6edfa10dca0f26c9524bf3136fdd",
          "Gateway": "172.30.0.1",
          "IPAddress": "172.30.0.2",
          "IPPrefixLen": 16,
          "IPv6Gateway": "2001:db8:1:1::1",
          "GlobalIPv6Address": "2001:db8:1:1:0:ab:cd:56",
          "GlobalIPv6PrefixLen": 80,
          "MacAddress": "02:42:ac:1e:00:02",
          "DriverOpts": null
        }
      }
    },
    "Mounts": []
  },
  {
    "Id": "e40624adb0c3e3ecd43ce709d17b43a760b9acd65f661c0863cbf93539c8d566",
    "Names": [
      "/db",
      "/web/db"
    ],
    "Image": "ipv6-reconcile-test/busybox:latest",
    "ImageID": "sha256:85d69068ce0ebefa618f6a77319fc869530d91bb0d3c2d6b23a60e5df78fa5f8",
    "Command": "sleep 1000",
    "Created": 1795925335,
    "Ports": [],
    "Labels": {
      "ipv6-reconcile": "v6first"
    },
    "State": "running",
    "Status": "Up 1 second",
    "HostConfig": {
      "NetworkMode": "default"
    },
    "NetworkSettings": {
      "Networks": {
        "bridge": {
          "IPAMConfig": null,
          "Links": null,
          "Aliases": null,
          "NetworkID": "d6502fa4b38e0d65eae9902b5776f33d45b7709e7c63c23d0cd6bd1fab11ad9e",
          "EndpointID": "9eb9b6aab1f17f7e93af1d231dcf2d38d83c21faa436d715f1997306e7528fba",
          "Gateway": "198.19.255.1",
          "IPAddress": "198.19.255.2",
          "IPPrefixLen": 24,
          "IPv6Gateway": "",
          "GlobalIPv6Address": "",
          "GlobalIPv6PrefixLen": 0,
          "MacAddress": "02:42:c6:13:ff:02",
          "DriverOpts": null
        }
      }
    },
    "Mounts": []
  }
]
"""#

    /// `GET /v1.41/networks`.
    static let networkList = #"""
[
  {
    "Name": "none",
    "Id": "4651d99f897b9d894884d6aa83062c8cf15259fcf5825e6c9c89619a667d59f3",
    "Created": "2026-11-29T04:08:54.022042325Z",
    "Scope": "local",
    "Driver": "null",
    "EnableIPv6": false,
    "IPAM": {
      "Driver": "default",
      "Options": null,
      "Config": []
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
    "Id": "1986d021f04ab8eda8bc28f3bb174957ca29c23f78a93f04d6989b42a14157e6",
    "Created": "2026-11-29T04:08:54.037104986Z",
    "Scope": "local",
    "Driver": "host",
    "EnableIPv6": false,
    "IPAM": {
      "Driver": "default",
      "Options": null,
      "Config": []
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
    "Id": "d6502fa4b38e0d65eae9902b5776f33d45b7709e7c63c23d0cd6bd1fab11ad9e",
    "Created": "2026-11-29T04:08:54.053730989Z",
    "Scope": "local",
    "Driver": "bridge",
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
      "com.docker.network.bridge.enable_ip_masquerade": "false",
      "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
      "com.docker.network.bridge.name": "docker0",
      "com.docker.network.driver.mtu": "1500"
    },
    "Labels": {}
  },
  {
    "Name": "v6first",
    "Id": "e3462370fe1049c7b943b1c7a2f176d461c03a6db16eaa01cae5a47e07cfcf0c",
    "Created": "2026-11-29T04:08:55.26739547Z",
    "Scope": "local",
    "Driver": "bridge",
    "EnableIPv6": true,
    "IPAM": {
      "Driver": "default",
      "Options": {},
      "Config": [
        {
          "Subnet": "172.30.0.0/16"
        },
        {
          "Subnet": "2001:db8:1:1::/80"
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
    "Labels": {
      "ipv6-reconcile.v6first": "1"
    }
  },
  {
    "Name": "v4first",
    "Id": "0597675ff3104560ba7e7d1bd6386b4a8d0e11f5408fa50434c5a9cdca6edc30",
    "Created": "2026-11-29T04:08:55.325269975Z",
    "Scope": "local",
    "Driver": "bridge",
    "EnableIPv6": true,
    "IPAM": {
      "Driver": "default",
      "Options": {},
      "Config": [
        {
          "Subnet": "172.31.0.0/16"
        },
        {
          "Subnet": "2001:db8:2::/64",
          "Gateway": "2001:db8:2::fffe"
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
  }
]
"""#

    /// `GET /v1.41/networks/v6first`.
    static let networkInspect = #"""
{
  "Name": "v6first",
  "Id": "e3462370fe1049c7b943b1c7a2f176d461c03a6db16eaa01cae5a47e07cfcf0c",
  "Created": "2026-11-29T04:08:55.26739547Z",
  "Scope": "local",
  "Driver": "bridge",
  "EnableIPv6": true,
  "IPAM": {
    "Driver": "default",
    "Options": {},
    "Config": [
      {
        "Subnet": "172.30.0.0/16"
      },
      {
        "Subnet": "2001:db8:1:1::/80"
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
  "Containers": {
    "53be78e03b884b9c35b83c86488bbaa90873913f471b5e91c735301ba5b1e18f": {
      "Name": "cache",
      "EndpointID": "f553a0c898652eb5668758a9e255b67ef5ead792bc12e00026dff5b3fb798370",
      "MacAddress": "02:42:ac:1e:00:03",
      "IPv4Address": "172.30.0.3/16",
      "IPv6Address": "2001:db8:1:1::2/80"
    },
    "75d901552800ee67ca78888df6bbb1105ed2fbb573efa17eccc431549218b927": {
      "Name": "web",
      "EndpointID": "bd0243883f4cea501d8aa202122038f0e11d6edfa10dca0f26c9524bf3136fdd",
      "MacAddress": "02:42:ac:1e:00:02",
      "IPv4Address": "172.30.0.2/16",
      "IPv6Address": "2001:db8:1:1:0:ab:cd:56/80"
    }
  },
  "Options": {},
  "Labels": {
    "ipv6-reconcile.v6first": "1"
  }
}
"""#

    /// `GET /_ping`, the whole response.
    static let pingResponse = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nCache-Control: no-cache, no-store, must-revalidate\r\nDocker-Experimental: false\r\nOstype: linux\r\nPragma: no-cache\r\nServer: Docker/20.10.24+dfsg1 (linux)\r\nDate: Sun, 29 Nov 2026 04:08:57 GMT\r\nContent-Length: 2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOK"

    /// `GET /v1.41/networks/nosuch`, the whole response.
    static let notFoundResponse = "HTTP/1.1 404 Not Found\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nDocker-Experimental: false\r\nOstype: linux\r\nServer: Docker/20.10.24+dfsg1 (linux)\r\nDate: Sun, 29 Nov 2026 04:08:57 GMT\r\nContent-Length: 39\r\n\r\n{\"message\":\"network nosuch not found\"}\n"

    /// `GET /v1.41/containers/json?filters={"label":["ipv6-reconcile"]}`, the whole response:
    /// chunked, one chunk of 0xa43 bytes.
    static let filteredListResponse = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nDocker-Experimental: false\r\nOstype: linux\r\nServer: Docker/20.10.24+dfsg1 (linux)\r\nDate: Sun, 29 Nov 2026 04:08:57 GMT\r\nTransfer-Encoding: chunked\r\n\r\na43\r\n"
        + #"[{"Id":"75d901552800ee67ca78888df6bbb1105ed2fbb573efa17eccc431549218b927","Names":["/web"],"Image":"ipv6-reconcile-test/busybox:latest","ImageID":"sha256:85d69068ce0ebefa618f6a77319fc869530d91bb0d3c2d6b23a60e5df78fa5f8","Command":"sleep 1000","Created":1795925335,"Ports":[],"Labels":{"ipv6-reconcile":"v6first","ipv6-reconcile.v6first.suffix":"ab:cd:56"},"State":"running","Status":"Up 1 second","HostConfig":{"NetworkMode":"default"},"NetworkSettings":{"Networks":{"bridge":{"IPAMConfig":null,"Links":null,"Aliases":null,"NetworkID":"d6502fa4b38e0d65eae9902b5776f33d45b7709e7c63c23d0cd6bd1fab11ad9e","EndpointID":"115814bdc45327b607b6f5fe798d7f8a7865b4ab9fdd81bd1c9d6ca9671fba66","Gateway":"198.19.255.1","IPAddress":"198.19.255.3","IPPrefixLen":24,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"MacAddress":"02:42:c6:13:ff:03","DriverOpts":null},"v4first":{"IPAMConfig":{},"Links":null,"Aliases":null,"NetworkID":"0597675ff3104560ba7e7d1bd6386b4a8d0e11f5408fa50434c5a9cdca6edc30","EndpointID":"5ca31ba7c6931109b5b672729533ceb53bcc138603f0768676421541754b6740","Gateway":"172.31.0.1","IPAddress":"172.31.0.2","IPPrefixLen":16,"IPv6Gateway":"2001:db8:2::fffe","GlobalIPv6Address":"2001:db8:2::1","GlobalIPv6PrefixLen":64,"MacAddress":"02:42:ac:1f:00:02","DriverOpts":null},"v6first":{"IPAMConfig":{"IPv6Address":"2001:db8:1:1::ab:cd:56"},"Links":null,"Aliases":null,"NetworkID":"e3462370fe1049c7b943b1c7a2f176d461c03a6db16eaa01cae5a47e07cfcf0c","EndpointID":"bd0243883f4cea501d8aa202122038f0e11d6edfa10dca0f26c9524bf3136fdd","Gateway":"172.30.0.1","IPAddress":"172.30.0.2","IPPrefixLen":16,"IPv6Gateway":"2001:db8:1:1::1","GlobalIPv6Address":"2001:db8:1:1:0:ab:cd:56","GlobalIPv6PrefixLen":80,"MacAddress":"02:42:ac:1e:00:02","DriverOpts":null}}},"Mounts":[]},{"Id":"e40624adb0c3e3ecd43ce709d17b43a760b9acd65f661c0863cbf93539c8d566","Names":["/db","/web/db"],"Image":"ipv6-reconcile-test/busybox:latest","ImageID":"sha256:85d69068ce0ebefa618f6a77319fc869530d91bb0d3c2d6b23a60e5df78fa5f8","Command":"sleep 1000","Created":1795925335,"Ports":[],"Labels":{"ipv6-reconcile":"v6first"},"State":"running","Status":"Up 1 second","HostConfig":{"NetworkMode":"default"},"NetworkSettings":{"Networks":{"bridge":{"IPAMConfig":null,"Links":null,"Aliases":null,"NetworkID":"d6502fa4b38e0d65eae9902b5776f33d45b7709e7c63c23d0cd6bd1fab11ad9e","EndpointID":"9eb9b6aab1f17f7e93af1d231dcf2d38d83c21faa436d715f1997306e7528fba","Gateway":"198.19.255.1","IPAddress":"198.19.255.2","IPPrefixLen":24,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"MacAddress":"02:42:c6:13:ff:02","DriverOpts":null}}},"Mounts":[]}]"#
        + "\n\r\n0\r\n\r\n"  // the JSON ends with a newline (Go's encoder adds it), then the CRLF
}
