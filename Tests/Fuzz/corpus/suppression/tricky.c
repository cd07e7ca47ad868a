const char *s = "/* socksify-check: ignore x */"; // \
continued
/* unterminated