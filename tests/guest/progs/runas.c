/* runas.c: runas UID GID [GROUP...] -- CMD [ARG...]: runs CMD with exactly these ids and
 * supplementary groups, for the boot tests of who may use wardctl. */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	gid_t groups[16];
	int n = 0, i = 3;

	if (argc < 5)
		return 2;
	for (; i < argc && strcmp(argv[i], "--") != 0 && n < 16; i++)
		groups[n++] = (gid_t)atoi(argv[i]);
	if (i >= argc - 1)
		return 2;
	if (setgroups((size_t)n, groups) < 0 || setgid((gid_t)atoi(argv[2])) < 0 ||
	    setuid((uid_t)atoi(argv[1])) < 0) {
		perror("runas");
		return 1;
	}
	execv(argv[i + 1], argv + i + 1);
	perror("runas: execv");
	return 127;
}
