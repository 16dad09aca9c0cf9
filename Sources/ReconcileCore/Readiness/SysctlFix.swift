/// The fix for a sysctl that is wrong: set it now, and keep it after a reboot with a line in one
/// file of this tool's under `/etc/sysctl.d/`.
enum SysctlFix {
    /// The file the persistent lines go to.
    static let file = "/etc/sysctl.d/90-ipv6-reconcile.conf"

    /// `net.ipv6.conf.NAME.SETTING`. An interface name with dots (a VLAN such as `eth0.100`) is
    /// written with a slash, which `sysctl` and `systemd-sysctl` read as a dot inside a name.
    static func key(interface: String, _ setting: String) -> String {
        "net.ipv6.conf.\(interface.replacing(".", with: "/")).\(setting)"
    }

    /// `sysctl -w KEY=VALUE && (grep -qxF 'KEY = VALUE' FILE || echo 'KEY = VALUE' >> FILE)`:
    /// run twice, it adds the line once.
    static func command(_ key: String, _ value: Int) -> String {
        let line = "'\(key) = \(value)'"
        return "sysctl -w \(key)=\(value) && (grep -qxF \(line) \(file) 2>/dev/null || echo \(line) >> \(file))"
    }
}
