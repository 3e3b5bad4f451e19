/* memops.c: memcpy a byte at a time, in place of musl's. musl's is unrolled assembly for
 * speed: 732 bytes on armhf, 396 on aarch64. PID 1 and the sandbox child copy lines and paths
 * of at most a few KB, and libc itself only its TLS image at start-up. The static link takes
 * this definition and leaves libc's member out. Built with -fno-tree-loop-distribute-patterns
 * (Makefile), as musl builds its own: else gcc turns the loop into a call of memcpy. */
#include <string.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}
