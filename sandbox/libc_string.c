/* libc_string.c: memcpy, memset and strlen a byte at a time, in place of musl's. musl's are
 * written for speed: memcpy is unrolled assembly, 732 bytes on armhf and 396 on aarch64;
 * memset and strlen work a word at a time (memset 176 and 260 bytes, strlen 92 and 124).
 * PID 1 and the sandbox child copy, clear and measure lines, paths and structures of at most
 * a few KB, and libc itself its TLS image at start-up. The static link takes these
 * definitions and leaves libc's members out. Built with -fno-tree-loop-distribute-patterns
 * (Makefile), as musl builds its own: else gcc turns each loop back into a call of the
 * function it is in. */
#include <string.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}
