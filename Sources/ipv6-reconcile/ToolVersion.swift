/// The version `--version` prints, the User-Agent carries, and `scripts/package` gives the .deb
/// (which checks that the man page and the changelog name it too). In a file of its own, not
/// main.swift: a global there is set only when main.swift's top-level code runs, which the tests
/// that read it never do.
let toolVersion = "0.1.0"
