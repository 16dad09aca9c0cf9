print("ipv6-reconcile")
