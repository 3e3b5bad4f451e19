/* ctl_proto.h: the wire format between wardctl and PID 1 over /run/ward/control, a
 * SOCK_SEQPACKET socket: one message is one request or one reply frame, never split.
 *
 * Request:  u32 length (little-endian) | payload of exactly `length` bytes, at most
 *           CTL_REQ_MAX: words each ended by NUL, the command first ("kill\0sleeper\015\0").
 *           `enter` carries 3 fds (SCM_RIGHTS): the entered command's stdin, stdout, stderr,
 *           which its entering process takes from the message (PID 1 takes none). Any other
 *           request that carries fds is refused (CTL_USAGE) with a hang-up.
 * Reply:    one or more frames, each u32 length (of the payload) | u8 type | u8 code | payload.
 *           CTL_FRAME_DATA frames carry text; the CTL_FRAME_END frame ends the reply and its
 *           code is wardctl's exit status (enum ctl_code, or an entered command's status).
 *           A CTL_FRAME_LOST frame (`logs -f`) says how many bytes of the app's output the
 *           log ring let go before they were sent, in decimal: its reader fell behind.
 * A frame whose length does not match its message is malformed: PID 1 answers with one
 * CTL_FRAME_END (CTL_USAGE) and hangs up. A well-framed invalid request gets CTL_USAGE or
 * CTL_NO_APP and the connection stays usable. */
#ifndef WARD_CTL_PROTO_H
#define WARD_CTL_PROTO_H

#include <stddef.h>

#define CTL_SOCKET_DIR "/run/ward"
#define CTL_SOCKET CTL_SOCKET_DIR "/control"

enum {
	CTL_REQ_MAX = 1024,  /* payload bytes of a request */
	CTL_HDR = 4,         /* request length prefix */
	CTL_FRAME_HDR = 6,   /* reply frame: length, type, code */
	CTL_FRAME_MAX = 1024, /* payload bytes of a reply frame */
	CTL_ARGS_MAX = 16,   /* words of an `enter` command line */
	CTL_NAME_MAX = 31,   /* app names: [a-z0-9][a-z0-9_-]{0,30}, as in sandbox.h */
};

enum ctl_frame { CTL_FRAME_DATA = 'd', CTL_FRAME_LOST = 'l', CTL_FRAME_END = 'e' };

/* wardctl's exit codes, and the code of a reply's end frame. */
enum ctl_code {
	CTL_OK = 0,
	CTL_FAILED = 1,     /* the request failed, or the app is not running */
	CTL_USAGE = 2,      /* malformed or invalid request */
	CTL_NO_APP = 3,     /* no app of that name */
	CTL_DENIED = 4,     /* not root (nor in CONFIG_WARD_CTL_GID) */
	CTL_UNREACHABLE = 5, /* PID 1 cannot be reached, busy, or hung up */
};

enum ctl_cmd {
	CTL_LIST, CTL_STATUS, CTL_START, CTL_STOP, CTL_RESTART, CTL_KILL, CTL_FREEZE, CTL_THAW,
	CTL_LOGS, CTL_FOLLOW, CTL_ENTER, CTL_REBOOT, CTL_POWEROFF, CTL_NCMDS
};

/* A validated request; the pointers point into the buffer that was parsed. */
struct ctl_req {
	enum ctl_cmd cmd;
	const char *app;  /* NULL for list, reboot, poweroff */
	int sig;          /* kill: 1..64 */
	unsigned int argc; /* enter: the command (0: the default shell) */
	const char *argv[CTL_ARGS_MAX + 1];
};

/* The command words, indexed by enum ctl_cmd ("logs-f" is `logs -f`). */
extern const char *const ctl_cmd_names[CTL_NCMDS];

/* Validates one request payload (without its length prefix). Returns CTL_OK and fills *req,
 * or CTL_USAGE for anything malformed: unknown command, wrong word count, bad name or signal,
 * a word not ended by NUL, an empty word. Never reads past buf[len - 1]. */
int ctl_parse(const char *buf, size_t len, struct ctl_req *req);
/* Whether `name` is a well-formed app name. */
int ctl_name_ok(const char *name);

static inline void ctl_put_u32(unsigned char *p, unsigned int v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static inline unsigned int ctl_get_u32(const unsigned char *p)
{
	return p[0] | (unsigned int)p[1] << 8 | (unsigned int)p[2] << 16 | (unsigned int)p[3] << 24;
}

#endif
