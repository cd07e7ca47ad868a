// socksify-check: ignore-next-line raw-socket,udp-socket
int b;
