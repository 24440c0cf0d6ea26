// Command etcd is the etcd server, built from its Go module at the version Kubernetes 1.34 pins.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
