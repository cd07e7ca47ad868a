import Foundation

/// A synthetic C tree shaped like a real network program: every unit includes a few system headers
/// and project headers, about 10% open sockets in helpers, and some units call those helpers
/// without naming any socket call themselves (the prefilter must keep them).
enum TreeGenerator {
    static func generate(units: Int, at root: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/include", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/src", withIntermediateDirectories: true)
        try write(root + "/include/common.h", """
            #ifndef COMMON_H
            #define COMMON_H
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <errno.h>
            #include <sys/types.h>
            #define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
            static inline int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
            #endif

            """)
        let netUnits = max(1, units / 10)
        var prototypes = ""
        for k in 0..<netUnits { prototypes += "int net_open_\(k)(int type);\nint net_dial_\(k)(const char *host, int port);\n" }
        try write(root + "/include/net.h", "#ifndef NET_H\n#define NET_H\n\(prototypes)#endif\n")
        var commands: [[String: String]] = []
        for index in 0..<units {
            let name: String
            let body: String
            if index < netUnits {
                name = "net_\(index).c"
                body = """
                    #include "common.h"
                    #include "net.h"
                    #include <sys/socket.h>
                    #include <netinet/in.h>
                    #include <arpa/inet.h>
                    #include <unistd.h>
                    #include <fcntl.h>

                    int net_open_\(index)(int type) { return socket(AF_INET, type, 0); }

                    int net_dial_\(index)(const char *host, int port)
                    {
                        struct sockaddr_in sin;
                        int s = net_open_\(index)(SOCK_STREAM);
                        memset(&sin, 0, sizeof sin);
                        sin.sin_family = AF_INET;
                        sin.sin_port = htons(port);
                        inet_pton(AF_INET, host, &sin.sin_addr);
                        if (connect(s, (struct sockaddr *)&sin, sizeof sin) != 0) { close(s); return -1; }
                        return s;
                    }

                    """
            } else if index < netUnits * 2 {
                // Calls a socket helper, names no socket call: only the fixpoint finds it.
                let k = index - netUnits
                name = "client_\(index).c"
                body = """
                    #include "common.h"
                    #include "net.h"

                    int client_\(index)(int reliable) { return net_open_\(k)(reliable ? 1 : 2); }

                    """
            } else {
                name = "work_\(index).c"
                body = """
                    #include "common.h"
                    #include <math.h>
                    #include <time.h>
                    #include <ctype.h>

                    struct record_\(index) { char name[32]; double value; long stamp; };

                    static int compare_\(index)(const void *a, const void *b)
                    {
                        const struct record_\(index) *x = a, *y = b;
                        return (x->value > y->value) - (x->value < y->value);
                    }

                    double work_\(index)(const char *text, int n)
                    {
                        struct record_\(index) records[16];
                        double total = 0;
                        for (int i = 0; i < (int)ARRAY_LEN(records); i++) {
                            snprintf(records[i].name, sizeof records[i].name, "%s-%d", text, i);
                            records[i].value = sqrt((double)clamp(n * i, 0, 1000)) + (double)toupper(text[0]);
                            records[i].stamp = (long)time(NULL);
                        }
                        qsort(records, ARRAY_LEN(records), sizeof records[0], compare_\(index));
                        for (int i = 0; i < (int)ARRAY_LEN(records); i++) total += records[i].value;
                        return total;
                    }

                    """
            }
            try write(root + "/src/" + name, body)
            commands.append(["directory": root, "file": "src/" + name, "command": "cc -O2 -Iinclude -c -o src/\(name).o src/\(name)"])
        }
        let data = try JSONSerialization.data(withJSONObject: commands, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: root + "/compile_commands.json"))
    }

    private static func write(_ path: String, _ text: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
