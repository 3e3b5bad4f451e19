/* fuse_file.h: for the unit tests that need a file whose disk stops answering (as root, in
 * their own mount namespace): a FUSE file system served by a child of the test, in which
 * every name is one regular file. Once armed (a byte written to the pipe fuse_mount returns),
 * the daemon's answer to one kind of request comes stall_s seconds late, or never (stall_s
 * < 0). Include after cmocka.h. */
#ifndef WARD_TEST_FUSE_FILE_H
#define WARD_TEST_FUSE_FILE_H

#include <errno.h>
#include <fcntl.h>
#include <linux/fuse.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static void fuse_reply(int dev, uint64_t unique, int err, const void *body, size_t len)
{
	char buf[sizeof(struct fuse_out_header) + 256];
	struct fuse_out_header h = { .len = (uint32_t)(sizeof(h) + len), .error = err,
				     .unique = unique };

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), body, len);
	(void)!write(dev, buf, sizeof(h) + len);
}

/* The answer of a file system in which every name is one regular file (nodeid 2). */
static void fuse_answer(int dev, const struct fuse_in_header *in)
{
	struct fuse_entry_out entry = { .nodeid = 2, .attr = { .ino = 2, .nlink = 1,
							   .mode = S_IFREG | 0644 } };
	struct fuse_attr_out attr = { .attr = { .nlink = 1 } };
	struct fuse_init_out init = { .major = FUSE_KERNEL_VERSION, .minor = 31,
				      .max_write = 4096 };
	struct fuse_open_out open_out = { .fh = 1 };

	attr.attr.ino = in->nodeid; /* 1: the root, 2: the file */
	attr.attr.mode = in->nodeid == 1 ? S_IFDIR | 0755 : S_IFREG | 0644;
	if (in->opcode == FUSE_INIT)
		fuse_reply(dev, in->unique, 0, &init, sizeof(init));
	else if (in->opcode == FUSE_LOOKUP)
		fuse_reply(dev, in->unique, 0, &entry, sizeof(entry));
	else if (in->opcode == FUSE_GETATTR)
		fuse_reply(dev, in->unique, 0, &attr, sizeof(attr));
	else if (in->opcode == FUSE_OPEN)
		fuse_reply(dev, in->unique, 0, &open_out, sizeof(open_out));
	else if (in->opcode != FUSE_FORGET && in->opcode != FUSE_INTERRUPT)
		fuse_reply(dev, in->unique,
			   in->opcode == FUSE_RELEASE || in->opcode == FUSE_FLUSH ? 0 : -ENOSYS,
			   "", 0);
}

static _Noreturn void fuse_daemon(int dev, int arm, uint32_t stall_op, int stall_s)
{
	static char req[FUSE_MIN_READ_BUFFER];
	int armed = 0;

	for (;;) {
		const struct fuse_in_header *in = (const void *)req;
		char c;

		if (read(dev, req, sizeof(req)) < (ssize_t)sizeof(*in))
			_exit(0);
		armed |= read(arm, &c, 1) == 1;
		if (armed && in->opcode == stall_op) {
			if (stall_s < 0)
				continue; /* never answered */
			sleep((unsigned int)stall_s);
		}
		fuse_answer(dev, in);
	}
}

/* Mounts the file system on dir (made here): the /dev/fuse fd its daemon serves, or -1. */
static int fuse_mount_dev(const char *dir)
{
	char opts[80];
	int dev = open("/dev/fuse", O_RDWR | O_CLOEXEC);

	if (dev < 0 || mkdir(dir, 0755) < 0)
		return -1;
	snprintf(opts, sizeof(opts), "fd=%d,rootmode=40000,user_id=0,group_id=0", dev);
	return mount("ward-test", dir, "fuse", 0, opts) < 0 ? -1 : dev;
}

/* Mounts the file system on dir (made here) and starts its daemon: the pipe's end that arms
 * it, or -1. */
static inline int fuse_mount(const char *dir, uint32_t stall_op, int stall_s)
{
	int dev = fuse_mount_dev(dir), p[2];

	if (dev < 0 || pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	if (fork() == 0)
		fuse_daemon(dev, p[0], stall_op, stall_s);
	close(dev);
	close(p[0]);
	return p[1];
}

#endif
