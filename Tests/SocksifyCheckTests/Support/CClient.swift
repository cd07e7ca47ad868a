/// The smallest TCP client: what adopt adopts (it connects out and listens nowhere).
enum CClient {
    static let source = """
        #include <netinet/in.h>
        #include <sys/socket.h>

        int main(void)
        {
            struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(7) };
            int s = socket(AF_INET, SOCK_STREAM, 0);
            return connect(s, (struct sockaddr *)&to, sizeof to) == 0 ? 0 : 1;
        }

        """

    /// A server: it accepts connections, so adopt leaves it alone.
    static let server = """
        #include <netinet/in.h>
        #include <sys/socket.h>
        #include <unistd.h>

        int main(void)
        {
            struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons(7007) };
            int s = socket(AF_INET, SOCK_STREAM, 0);
            bind(s, (struct sockaddr *)&me, sizeof me);
            listen(s, 5);
            for (;;) {
                int c = accept(s, 0, 0);
                close(c);
            }
        }

        """
}
