/// The version `--version` prints, the User-Agent carries, and `scripts/package` gives the .deb
/// (which checks that the man page and the changelog name it too).
public let toolVersion = "0.1.0"
