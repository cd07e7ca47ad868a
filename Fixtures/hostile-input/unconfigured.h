/* A header that refuses to be included without configuration. */
#error "run ./configure first"
