/* control.c: serves wardctl from PID 1's poll loop. Fixed connection slots (no allocation),
 * non-blocking everything: a request is one SOCK_SEQPACKET message, validated in full
 * (ctl_parse.c) before anything acts on it; a reply is a few frames sent with MSG_DONTWAIT,
 * and a client that does not take them is dropped. A connection must deliver each request
 * within CTL_REQUEST_MS; `logs -f` and `enter` connections wait as long as they like, so
 * they may hold all slots but one: the last is kept for requests such as `reboot`. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app.h"
#include "control.h"
#include "ctl_proto.h"
#include "enter.h"
#include "errtext.h"
#include "fmt.h"
#include "log.h"
#include "output.h"
#include "peer_files.h"
#include "shutdown.h"
#include "svc.h"
#include "syscalls.h"

enum { CTL_REQUEST_MS = 2000, CTL_ACCEPT_PAUSE_MS = 1000, CTL_PEER_GROUPS = 64 };

struct client {
	int fd;		    /* -1: a free slot */
	long long deadline; /* dropped then, unless following or entered */
	int follow;	    /* app whose log `logs -f` follows, or -1 */
	unsigned long long pos;
	pid_t entered;	    /* the entering process of `enter`, or 0 */
};

static struct client clients[CONFIG_WARD_CTL_CLIENTS];
static int listen_fd = -1;
/* Out of fds (EMFILE, ENFILE), a connection stays queued and the listener stays readable: it
 * is not polled until then (ms), or the loop would spin. 0: polled. */
static long long accept_paused_until;
/* One reply frame at a time: PID 1 has one thread. */
static unsigned char frame[CTL_FRAME_HDR + CTL_FRAME_MAX];

void control_init(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX, .sun_path = CTL_SOCKET };
	bool group = CONFIG_WARD_CTL_GID >= 0;

	for (size_t i = 0; i < sizeof(clients) / sizeof(clients[0]); i++)
		clients[i] = (struct client){ .fd = -1, .follow = -1 };
	mode_t umask_was;
	int err;

	/* /run/ward is the sandboxes' too (their roots): it stays 0755; the socket's own mode
	 * is what keeps others from connecting (connect needs write permission on it). */
	if (mkdir(CTL_SOCKET_DIR, 0755) < 0 && errno != EEXIST) {
		log_error(NULL, "create", CTL_SOCKET_DIR);
		return;
	}
	unlink(CTL_SOCKET);
	listen_fd = sb_socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	umask_was = umask(0177); /* no moment with a wider mode than 0600 */
	/* SO_PASSCRED, which every connection takes over from the listener at once (a message
	 * sent before it would carry no sender): the requester in the log, and what
	 * peer_conn_close() tells the end of a queue by. */
	err = listen_fd < 0 || sb_setsockopt(listen_fd, SOL_SOCKET, SO_PASSCRED, 1) < 0 ||
	      bind(listen_fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	      (group && (chown(CTL_SOCKET, 0, (gid_t)CONFIG_WARD_CTL_GID) < 0 ||
			 chmod(CTL_SOCKET, 0660) < 0)) ||
	      listen(listen_fd, 8) < 0;
	umask(umask_was);
	if (err) {
		log_error(NULL, "listen on", CTL_SOCKET);
		if (listen_fd >= 0)
			close(listen_fd);
		listen_fd = -1;
	}
}

/* An `enter` whose client is gone ends with it: nobody is there for its output, and it would
 * run on in the app's pids.max (its command gets SIGKILL as its parent dies: enter.c). */
static void drop(struct client *c)
{
	if (c->entered > 0)
		kill(c->entered, SIGKILL); /* a child not reaped yet: the pid is still ours */
	peer_conn_close(c->fd);
	*c = (struct client){ .fd = -1, .follow = -1 };
}

/* One frame, whole or not at all (SEQPACKET); -1 with errno when the client cannot take it. */
static int send_frame(int fd, int type, int code, const char *text, size_t len)
{
	if (len > CTL_FRAME_MAX)
		len = CTL_FRAME_MAX;
	ctl_put_u32(frame, (unsigned int)len);
	frame[4] = (unsigned char)type;
	frame[5] = (unsigned char)code;
	memcpy(frame + CTL_FRAME_HDR, text, len);
	return send(fd, frame, CTL_FRAME_HDR + len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 ? -1 : 0;
}

/* The end of a reply; a client that cannot take it is dropped. */
static void reply(struct client *c, int code, const char *text)
{
	if (send_frame(c->fd, CTL_FRAME_END, code, text, strlen(text)) < 0)
		drop(c);
}

static void reply_err(struct client *c, int err)
{
	reply(c, err == -EALREADY ? CTL_OK : err < 0 ? CTL_FAILED : CTL_OK,
	      err < 0 && err != -EALREADY ? sb_errtext(-err) : "");
}

/* One app, as a line for wardctl to format: name, state, pid, ms in that state, restarts,
 * flags, last wait status. */
static int send_app(struct client *c, unsigned int i, long long now)
{
	struct svc_info in;
	char line[128];
	int n;

	svc_info(i, &in);
	n = fmt_buf(line, sizeof(line), "%s\t%s\t%d\t%lld\t%u\t%s%s%s\t%d", app_table[i].sb.name,
		     in.state, (int)in.pid, now - in.since_ms, in.restarts, in.frozen ? "frozen," : "",
		     in.ready ? "ready," : "", in.critical ? "critical," : "", in.last_status);
	return send_frame(c->fd, CTL_FRAME_DATA, 0, line, (size_t)n);
}

/* What the ring holds from c->pos on, in frames; stops early when the client is full. */
static int send_log(struct client *c)
{
	char buf[CTL_FRAME_MAX];
	unsigned long long start = output_ring_start((unsigned int)c->follow);

	/* A follower that read slower than the app wrote: what the ring let go is counted. */
	if (c->pos < start) {
		int n = fmt_buf(buf, sizeof(buf), "%llu", start - c->pos);

		if (send_frame(c->fd, CTL_FRAME_LOST, 0, buf, (size_t)n) < 0)
			return errno == EAGAIN ? 0 : -1;
		c->pos = start;
	}
	while (c->pos < output_ring_end((unsigned int)c->follow)) {
		unsigned long long pos = c->pos;
		size_t n = output_ring_read((unsigned int)c->follow, &pos, buf, sizeof(buf));

		/* Whole lines (the ring holds whole lines of 257 bytes at most): if the ring let
		 * go of the rest of a line cut here, a follower would show its head joined to a
		 * later line. */
		while (n > 0 && buf[n - 1] != '\n')
			n--;
		if (n == 0)
			break;
		if (send_frame(c->fd, CTL_FRAME_DATA, 0, buf, n) < 0)
			return errno == EAGAIN ? 0 : -1;
		c->pos += n;
	}
	return 0;
}

/* Whether c may become a `logs -f` or `enter` connection: with every other slot held by
 * one, no `stop` or `reboot` could get in until a follower hung up. A table of one slot has
 * nothing to keep. */
static bool may_stay(const struct client *c)
{
	size_t staying = 0;

	for (size_t i = 0; i < sizeof(clients) / sizeof(clients[0]); i++)
		staying += &clients[i] != c && clients[i].fd >= 0 &&
			   (clients[i].follow >= 0 || clients[i].entered);
	return CONFIG_WARD_CTL_CLIENTS == 1 || staying + 2 <= CONFIG_WARD_CTL_CLIENTS;
}

static void start_enter(struct client *c, unsigned int i, const struct ctl_req *req)
{
	pid_t target = svc_pid(i);

	if (target <= 0) {
		reply(c, CTL_FAILED, "not running");
		return;
	}
	c->entered = enter_spawn(&app_table[i].sb, target, svc_cgroup_fd(i), c->fd, req->argv);
	if (c->entered < 0) {
		c->entered = 0;
		reply(c, CTL_FAILED, sb_errtext(errno));
	}
}

static void act(struct client *c, const struct ctl_req *req, bool files,
		const struct ucred *from, long long now)
{
	int i = req->app ? svc_find(req->app) : -1;

	if (req->app && i < 0) {
		reply(c, CTL_NO_APP, "no such app");
		return;
	}
	if ((req->cmd == CTL_FOLLOW || req->cmd == CTL_ENTER) && !may_stay(c)) {
		reply(c, CTL_UNREACHABLE, "busy: the last slot is kept for requests");
		return;
	}
	/* Who changed what: the sender's ids as the kernel gave them (SCM_CREDENTIALS). */
	if (req->cmd >= CTL_START && req->cmd != CTL_LOGS && req->cmd != CTL_FOLLOW)
		log_info(req->app, "%s asked by uid %u, pid %d", ctl_cmd_names[req->cmd],
			 (unsigned int)from->uid, (int)from->pid);
	switch (req->cmd) {
	case CTL_LIST:
		for (unsigned int a = 0; a < WARD_APP_COUNT; a++)
			if (send_app(c, a, now) < 0) {
				drop(c);
				return;
			}
		reply(c, CTL_OK, "");
		return;
	case CTL_STATUS:
		if (send_app(c, (unsigned int)i, now) < 0)
			drop(c);
		else
			reply(c, svc_pid((unsigned int)i) > 0 ? CTL_OK : CTL_FAILED, "");
		return;
	case CTL_START:
		reply_err(c, svc_start((unsigned int)i, now));
		return;
	case CTL_STOP:
		reply_err(c, svc_stop((unsigned int)i, now));
		return;
	case CTL_RESTART:
		reply_err(c, svc_restart((unsigned int)i, now));
		return;
	case CTL_KILL:
		reply_err(c, svc_signal((unsigned int)i, req->sig));
		return;
	case CTL_FREEZE:
	case CTL_THAW:
		reply_err(c, svc_freeze((unsigned int)i, req->cmd == CTL_FREEZE, now));
		return;
	case CTL_LOGS:
	case CTL_FOLLOW:
		c->follow = i;
		c->pos = output_ring_start((unsigned int)i);
		/* The whole ring goes out now, without blocking: the socket's buffer (net.core.
		 * wmem_max, some 200 KiB, holds 90-odd frames) is made to hold it all, as each
		 * 1 KiB frame takes 2-2.5 KiB of it. PID 1 may exceed wmem_max (CAP_NET_ADMIN). */
		sb_setsockopt(c->fd, SOL_SOCKET, SO_SNDBUFFORCE, CONFIG_WARD_LOG_RING_SIZE * 2 + 32768);
		if (send_log(c) < 0) {
			drop(c);
		} else if (req->cmd == CTL_LOGS) {
			c->follow = -1;
			reply(c, CTL_OK, "");
		}
		return;
	case CTL_ENTER:
		if (!files)
			reply(c, CTL_USAGE, "enter needs 3 fds");
		else
			start_enter(c, (unsigned int)i, req);
		return;
	case CTL_REBOOT:
	case CTL_POWEROFF:
		reply(c, CTL_OK, "");
		shutdown_begin(req->cmd == CTL_REBOOT ? SHUTDOWN_REBOOT : SHUTDOWN_POWEROFF, now);
		return;
	case CTL_NCMDS:
		break;
	}
	reply(c, CTL_USAGE, "unknown command");
}

/* One request; returns 0 when none was waiting. PID 1 takes no file a client passes: a close
 * of one, any close and not only the last, may wait as long as the file's owner likes (a FUSE
 * file's flush waits for its daemon; a TCP socket with SO_LINGER waits out its linger at the
 * last). So a request is peeked at with room for its sender's credentials only: files show
 * as MSG_CTRUNC and stay in the message. The entering process of `enter` takes its 3 from it
 * itself; any other message with files gets a hang-up, and goes with the connection. */
static int serve_one(struct client *c, long long now)
{
	unsigned char buf[CTL_HDR + CTL_REQ_MAX + 1]; /* one byte more: oversized shows */
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(sizeof(struct ucred))];
	} control;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
			    .msg_controllen = sizeof(control.space) };
	ssize_t n = sb_recvmsg(c->fd, &m, MSG_PEEK | MSG_DONTWAIT);
	struct cmsghdr *h = n > 0 ? CMSG_FIRSTHDR(&m) : NULL;
	struct ucred from = { .uid = (uid_t)-1 }; /* (always sent: SO_PASSCRED) */
	bool files = n > 0 && (m.msg_flags & MSG_CTRUNC);
	struct ctl_req req;

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) {
		drop(c); /* hung up, or a message of no bytes */
		return 0;
	}
	if (h && h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_CREDENTIALS)
		memcpy(&from, CMSG_DATA(h), sizeof(from));
	if ((m.msg_flags & MSG_TRUNC) || n < CTL_HDR || ctl_get_u32(buf) != (size_t)n - CTL_HDR) {
		/* Framing is broken: nothing after this can be trusted either. */
		reply(c, CTL_USAGE, "malformed request");
		if (c->fd >= 0)
			drop(c);
		return 0;
	}
	if (!files)
		sb_recvmsg(c->fd, &(struct msghdr){ 0 }, MSG_DONTWAIT); /* taken: it holds nothing */
	if (ctl_parse((const char *)buf + CTL_HDR, (size_t)n - CTL_HDR, &req) != CTL_OK ||
	    c->follow >= 0 || (files && req.cmd != CTL_ENTER)) {
		reply(c, CTL_USAGE, "invalid request");
	} else {
		c->deadline = now + CTL_REQUEST_MS;
		act(c, &req, files, &from, now);
	}
	if (files && c->fd >= 0 && !c->entered)
		drop(c); /* its files still in it */
	return c->fd >= 0;
}

/* A few requests per wakeup: a client that pipelines is served faster, and still cannot keep
 * the loop from the rest for long. */
static void serve(struct client *c, long long now)
{
	for (int k = 0; k < 64 && c->fd >= 0; k++)
		if (!serve_one(c, now) || c->follow >= 0 || c->entered)
			return;
}

/* Root, or a member of WARD_CTL_GID: by its primary group or a supplementary one, as the
 * socket's mode lets them all connect (as the kernel had them at the connect). More groups
 * than fit here (ERANGE) are refused. */
static bool allowed(int fd)
{
	struct ucred cred;
	gid_t groups[CTL_PEER_GROUPS];
	socklen_t len = sizeof(cred);

	if (sb_getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return false;
	if (cred.uid == 0)
		return true;
	if (CONFIG_WARD_CTL_GID < 0)
		return false;
	if (cred.gid == (gid_t)CONFIG_WARD_CTL_GID)
		return true;
	len = sizeof(groups);
	if (sb_getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) < 0)
		return false;
	for (size_t i = 0; i < len / sizeof(groups[0]); i++)
		if (groups[i] == (gid_t)CONFIG_WARD_CTL_GID)
			return true;
	return false;
}

/* Twice the slots a wakeup at most: connections that keep coming (a flood from anyone the
 * socket's mode lets in, whom SO_PEERCRED then refuses) would hold the loop, and each refusal
 * may fork a holder (peer_files.c). The rest wait in the backlog for the next turn. */
static void accept_some(long long now)
{
	int fd = -1;

	for (int k = 0; k < 2 * CONFIG_WARD_CTL_CLIENTS &&
			(fd = sb_accept4(listen_fd, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0;
	     k++) {
		struct client *c = NULL;

		for (size_t i = 0; i < sizeof(clients) / sizeof(clients[0]) && !c; i++)
			if (clients[i].fd < 0)
				c = &clients[i];
		if (!c || !allowed(fd)) {
			send_frame(fd, CTL_FRAME_END, c ? CTL_DENIED : CTL_UNREACHABLE,
				   c ? "permission denied" : "busy", c ? 17 : 4);
			peer_conn_close(fd);
			continue;
		}
		*c = (struct client){ .fd = fd, .deadline = now + CTL_REQUEST_MS, .follow = -1 };
	}
	if (fd < 0 && (errno == EMFILE || errno == ENFILE)) {
		log_error(NULL, "accept", "a wardctl connection");
		accept_paused_until = now + CTL_ACCEPT_PAUSE_MS;
	}
}

void control_pollfds(struct pollfd *fds)
{
	fds[0] = (struct pollfd){ .fd = accept_paused_until ? -1 : listen_fd, .events = POLLIN };
	for (size_t i = 0; i < sizeof(clients) / sizeof(clients[0]); i++)
		fds[1 + i] = (struct pollfd){ .fd = clients[i].fd,
					      .events = clients[i].entered ? 0 : POLLIN };
}

void control_events(const struct pollfd *fds, long long now)
{
	for (size_t i = 0; i < sizeof(clients) / sizeof(clients[0]); i++) {
		struct client *c = &clients[i];

		/* A slot reused since the poll has a new fd: its events are not this one's. An
		 * entered connection is polled for its hang-up only: what it holds until the
		 * entering process takes it is not PID 1's to read. */
		if (c->fd < 0 || c->fd != fds[1 + i].fd)
			continue;
		if (c->entered && (fds[1 + i].revents & (POLLHUP | POLLERR)))
			drop(c);
		else if (!c->entered && (fds[1 + i].revents & (POLLIN | POLLHUP | POLLERR)))
			serve(c, now);
	}
	if (fds[0].revents & POLLIN)
		accept_some(now);
}

long long control_tick(long long now)
{
	long long next = -1;

	if (accept_paused_until && now >= accept_paused_until)
		accept_paused_until = 0;
	else if (accept_paused_until)
		next = accept_paused_until;
	for (size_t i = 0; i < sizeof(clients) / sizeof(clients[0]); i++) {
		struct client *c = &clients[i];

		if (c->fd < 0 || c->entered)
			continue;
		if (c->follow >= 0) {
			if (send_log(c) < 0)
				drop(c);
			continue;
		}
		if (c->deadline <= now) {
			reply(c, CTL_USAGE, "request too slow");
			if (c->fd >= 0)
				drop(c);
			continue;
		}
		if (next < 0 || c->deadline < next)
			next = c->deadline;
	}
	return next;
}

bool control_exited(pid_t pid, int status)
{
	for (size_t i = 0; i < sizeof(clients) / sizeof(clients[0]); i++) {
		struct client *c = &clients[i];

		if (c->fd < 0 || c->entered != pid)
			continue;
		c->entered = 0;
		reply(c, WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status), "");
		if (c->fd >= 0)
			drop(c); /* the client has its answer, and its pipes are closed */
		return true;
	}
	return false;
}
