int a; /* socksify-check: ignore udp-socket */
