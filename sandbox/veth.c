/* veth.c: an app's veth pair, over rtnetlink without libraries. PID 1 creates it right after
 * clone, with the app's end (eth0) already inside the app's net namespace and the system's
 * end addressed and up; the child then addresses eth0 and brings it up in its namespace.
 * Everything here is async-signal-safe: the child side runs between clone and execve. */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cgroup_file.h" /* cg_write_at: a value in one write, as sysctls want it too */
#include "fmt.h"
#include "read_text.h"
#include "sandbox.h"
#include "steps.h"
#include "syscalls.h"

/* The musl cross toolchains have no linux/ headers: the few rtnetlink values needed, from
 * linux/netlink.h, linux/rtnetlink.h, linux/if_link.h, linux/if_addr.h and linux/veth.h. */
enum {
	NETLINK_ROUTE = 0,
	NLMSG_ERROR = 2,
	NLM_F_REQUEST = 0x1,
	NLM_F_ACK = 0x4,
	NLM_F_EXCL = 0x200,
	NLM_F_CREATE = 0x400,
	RTM_NEWLINK = 16,
	RTM_DELLINK = 17,
	RTM_NEWADDR = 20,
	IFLA_IFNAME = 3,
	IFLA_LINKINFO = 18,
	IFLA_NET_NS_PID = 19,
	IFLA_INFO_KIND = 1,
	IFLA_INFO_DATA = 2,
	VETH_INFO_PEER = 1,
	IFA_ADDRESS = 1,
	IFA_LOCAL = 2,
	IFA_BROADCAST = 4,
	RT_SCOPE_UNIVERSE = 0,
};

struct sockaddr_nl {
	sa_family_t nl_family;
	unsigned short nl_pad;
	uint32_t nl_pid, nl_groups;
};

struct nlmsghdr {
	uint32_t nlmsg_len;
	uint16_t nlmsg_type, nlmsg_flags;
	uint32_t nlmsg_seq, nlmsg_pid;
};

struct nlmsgerr {
	int error;           /* -errno, 0 for an acknowledgement */
	struct nlmsghdr msg; /* cppcheck-suppress unusedStructMember */
};

/* Sent to the kernel only, so cppcheck sees no reads. */
struct ifinfomsg {
	unsigned char ifi_family, ifi_pad;  /* cppcheck-suppress unusedStructMember */
	unsigned short ifi_type;            /* cppcheck-suppress unusedStructMember */
	int ifi_index;                      /* cppcheck-suppress unusedStructMember */
	unsigned int ifi_flags, ifi_change; /* cppcheck-suppress unusedStructMember */
};

struct ifaddrmsg {
	uint8_t ifa_family, ifa_prefixlen, ifa_flags, ifa_scope; /* cppcheck-suppress unusedStructMember */
	uint32_t ifa_index;                                      /* cppcheck-suppress unusedStructMember */
};

struct rtattr {
	unsigned short rta_len, rta_type;
};

#define NL_ALIGN(len) (((len) + 3U) & ~3U)
#define NL_HDRLEN NL_ALIGN(sizeof(struct nlmsghdr))
#define RTA_HDRLEN NL_ALIGN(sizeof(struct rtattr))

static const char app_end[] = "eth0";

/* One request: its header, the fixed part of its kind, then attributes. */
struct nl_req {
	union {
		struct nlmsghdr h;
		char bytes[512];
	} u;
	int full; /* an attribute did not fit: the request is not sent */
};

static void *nl_tail(struct nl_req *r)
{
	return r->u.bytes + NL_ALIGN(r->u.h.nlmsg_len);
}

static void nl_start(struct nl_req *r, unsigned short type, unsigned short flags, const void *fixed,
		     size_t len)
{
	memset(r, 0, sizeof(*r));
	r->u.h.nlmsg_len = (uint32_t)(NL_HDRLEN + len);
	r->u.h.nlmsg_type = type;
	r->u.h.nlmsg_flags = (uint16_t)(NLM_F_REQUEST | NLM_F_ACK | flags);
	memcpy(r->u.bytes + NL_HDRLEN, fixed, len);
}

/* Appends one attribute; a nest is an attribute whose length nl_end() fixes later. */
static struct rtattr *nl_put(struct nl_req *r, unsigned short type, const void *data, size_t len)
{
	struct rtattr *a = nl_tail(r);
	size_t end = NL_ALIGN(r->u.h.nlmsg_len) + NL_ALIGN(RTA_HDRLEN + len);

	if (end > sizeof(r->u.bytes)) {
		r->full = 1;
		return NULL;
	}
	a->rta_type = type;
	a->rta_len = (unsigned short)(RTA_HDRLEN + len);
	if (len)
		memcpy((char *)a + RTA_HDRLEN, data, len);
	r->u.h.nlmsg_len = (uint32_t)end;
	return a;
}

static void nl_end(struct nl_req *r, struct rtattr *nest)
{
	if (nest)
		nest->rta_len = (unsigned short)((char *)nl_tail(r) - (char *)nest);
}

/* Sends the request and waits for the kernel's answer: 0, or -1 with its errno. */
static int nl_talk(int fd, struct nl_req *r, uint32_t seq)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	_Alignas(struct nlmsghdr) char reply[1024]; /* an error echoes the request */

	if (r->full) {
		errno = EMSGSIZE;
		return -1;
	}
	r->u.h.nlmsg_seq = seq;
	if (sendto(fd, &r->u, r->u.h.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -1;
	for (;;) {
		ssize_t got = recv(fd, reply, sizeof(reply), 0);
		size_t at = 0;

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		while (at + NL_HDRLEN <= (size_t)got) {
			const struct nlmsghdr *h = (const struct nlmsghdr *)(reply + at);
			const struct nlmsgerr *e = (const struct nlmsgerr *)(reply + at + NL_HDRLEN);

			if (h->nlmsg_len < NL_HDRLEN || h->nlmsg_len > (size_t)got - at)
				break;
			if (h->nlmsg_seq == seq && h->nlmsg_type == NLMSG_ERROR &&
			    h->nlmsg_len >= NL_HDRLEN + sizeof(int)) {
				if (e->error == 0)
					return 0;
				errno = -e->error;
				return -1;
			}
			at += NL_ALIGN(h->nlmsg_len);
		}
	}
}

static int nl_open(void)
{
	return sb_socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
}

/* By name; a link that is not there counts as deleted. */
static int link_delete(int fd, const char *name, uint32_t seq)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_req r;

	nl_start(&r, RTM_DELLINK, 0, &ifi, sizeof(ifi));
	nl_put(&r, IFLA_IFNAME, name, strlen(name) + 1);
	if (nl_talk(fd, &r, seq) < 0 && errno != ENODEV)
		return -1;
	return 0;
}

/* `name` here, its peer `app_end` in the net namespace of `pid`. */
static int pair_create(int fd, const char *name, pid_t pid, uint32_t seq)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	uint32_t ns_pid = (uint32_t)pid;
	struct rtattr *info, *data, *peer;
	struct nl_req r;

	nl_start(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof(ifi));
	nl_put(&r, IFLA_IFNAME, name, strlen(name) + 1);
	info = nl_put(&r, IFLA_LINKINFO, NULL, 0);
	nl_put(&r, IFLA_INFO_KIND, "veth", sizeof("veth"));
	data = nl_put(&r, IFLA_INFO_DATA, NULL, 0);
	/* The peer's attributes follow an ifinfomsg of its own. */
	peer = nl_put(&r, VETH_INFO_PEER, &ifi, sizeof(ifi));
	nl_put(&r, IFLA_IFNAME, app_end, sizeof(app_end));
	nl_put(&r, IFLA_NET_NS_PID, &ns_pid, sizeof(ns_pid));
	nl_end(&r, peer);
	nl_end(&r, data);
	nl_end(&r, info);
	return nl_talk(fd, &r, seq);
}

static int addr_add(int fd, unsigned int index, uint32_t addr, uint8_t prefix, uint32_t seq)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = prefix,
				 .ifa_scope = RT_SCOPE_UNIVERSE, .ifa_index = index };
	uint32_t mask = prefix ? ~0U << (32 - prefix) : 0;
	uint32_t ip = htonl(addr), brd = htonl(addr | ~mask);
	struct nl_req r;

	nl_start(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &ifa, sizeof(ifa));
	nl_put(&r, IFA_LOCAL, &ip, sizeof(ip));
	nl_put(&r, IFA_ADDRESS, &ip, sizeof(ip));
	if (prefix < 31) /* a /31 is point-to-point (RFC 3021) */
		nl_put(&r, IFA_BROADCAST, &brd, sizeof(brd));
	return nl_talk(fd, &r, seq);
}

static int link_up(int fd, unsigned int index, uint32_t seq)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = (int)index,
				 .ifi_flags = IFF_UP, .ifi_change = IFF_UP };
	struct nl_req r;

	nl_start(&r, RTM_NEWLINK, 0, &ifi, sizeof(ifi));
	return nl_talk(fd, &r, seq);
}

/* if_nametoindex, as musl does it, without musl's ioctl wrapper (see sb_ioctl). */
static unsigned int name_to_index(const char *name)
{
	struct ifreq ifr;
	int fd = sb_socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int ret;

	if (fd < 0)
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, name, fmt_len(name, sizeof(ifr.ifr_name) - 1));
	ret = sb_ioctl(fd, SIOCGIFINDEX, &ifr);
	close(fd);
	return ret < 0 ? 0 : (unsigned int)ifr.ifr_ifindex;
}

/* One interface: its address, then up. */
static int configure(int fd, const char *name, uint32_t addr, uint8_t prefix, const char **what)
{
	unsigned int index = name_to_index(name);

	*what = "find";
	if (index == 0)
		return -1;
	*what = "address";
	if (addr_add(fd, index, addr, prefix, 3) < 0)
		return -1;
	*what = "bring up";
	return link_up(fd, index, 4);
}

/* The system's end carries IPv4 only. With IPv6 on, it would take the Router Advertisements an
 * app with CAP_NET_RAW sends from eth0, and the system would route its IPv6 through the app
 * (accept_ra is on by default). A kernel without IPv6 yet has no such file: safe only while
 * no module can be loaded, as the app's socket(AF_INET6) would load it, and the end take
 * IPv6 then, with the defaults. Modules locked (WARD_MODULES_LOCK), or none at all. */
static int ipv6_off(const char *name, const char **what)
{
	char path[64];

	*what = "disable IPv6 on";
	fmt_buf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6", name);
	if (cg_write_at(AT_FDCWD, path, "1") == 0)
		return 0;
	if (errno != ENOENT)
		return -1;
	if (sb_read_text("/proc/sys/kernel/modules_disabled", path, sizeof(path)) < 0
		    ? errno == ENOENT : path[0] == '1')
		return 0;
	*what = "disable IPv6 (not loaded, modules not locked) on";
	errno = ENOENT;
	return -1;
}

int sb_veth_create(const struct sb_spec *spec, pid_t pid, const char **what)
{
	int fd = nl_open(), rc = -1;

	*what = "open rtnetlink for";
	if (fd < 0)
		return -1;
	/* The run before may have left it: its namespace is torn down after the app exits, and
	 * something may still hold that namespace open. */
	*what = "delete the old";
	if (link_delete(fd, spec->veth_name, 1) == 0) {
		*what = "create";
		if (pair_create(fd, spec->veth_name, pid, 2) == 0 && ipv6_off(spec->veth_name, what) == 0)
			rc = configure(fd, spec->veth_name, spec->veth_host_addr, spec->veth_host_prefix,
				       what);
	}
	close(fd); /* errno kept (syscalls.h) */
	return rc;
}

int sb_veth_up(const struct sb_spec *spec, const char **what)
{
	int fd = nl_open(), rc;

	*what = "open rtnetlink";
	if (fd < 0)
		return -1;
	rc = configure(fd, app_end, spec->veth_addr, spec->veth_prefix, what);
	close(fd); /* errno kept (syscalls.h) */
	return rc;
}
