/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * netcheck: a client of the network class (<kaal/class/net.h>) that
 * exchanges Ethernet frames with a peer outside the guest, which the test
 * runner (tests/drivers/net.py) plays over QEMU's dgram network backend.
 * It knows the driver only through the class protocol: the shared region
 * `net` and channel NET_CH, with the KAAL_NET_INFO call on it.
 *
 *   - It asks the driver for its MAC address and link state.
 *   - It hands its KAAL_NET_RX_BUFS receive buffers to the driver.
 *   - It sends TX_FRAMES frames to the peer through its KAAL_NET_TX_BUFS
 *     transmit buffers, so every buffer is used again once the driver has
 *     returned it; the runner checks what arrives.
 *   - It takes RX_FRAMES frames from the peer and checks each: in order,
 *     addressed to its MAC (frame BCAST_FRAME to broadcast), from the peer,
 *     with its length and pattern.  The peer also sends, between two of
 *     them, a frame to another MAC address, which the device must filter.
 *   - It reports, and ends the test with DebugHalt: with interrupts the
 *     system idles on the way, so kaal.exit=idle would stop it early.
 *
 * Frame k in either direction: destination, source, EtherType ETH_TYPE,
 * then payload byte 0 = k and byte j = (k * mult + j) & 0xff, mult
 * TX_MULT from the guest and RX_MULT from the peer; its length (without
 * the FCS) is frame_len(k), from 60 to 1514 bytes.  net.py makes and
 * checks the same frames.
 *
 * Event-driven, as every component: init() starts, notified() goes on.
 */
#include <kaal/class/net.h>
#include <kaal/component.h>
#include <kaal/debug.h>
#include <sel4/arch/syscalls.h>

#define NET_VADDR   0x30000000ul /* the region `net` (system.yaml) */
#define NET_CH      0            /* the channel to the driver (system.yaml) */
#define TX_FRAMES   40
#define RX_FRAMES   40
#define BCAST_FRAME 5       /* the peer sends this one to the broadcast address */
#define ETH_TYPE    0x88b5u /* IEEE 802's EtherType for local experiments */
#define TX_MULT     7
#define RX_MULT     13
#define PEER_MAC    0x020000000002ull /* locally administered, as net.py uses */
#define BCAST_MAC   0xffffffffffffull
#define MAX_REPORTS 5 /* bad frames reported one by one; the rest only counted */

_Static_assert(TX_FRAMES > KAAL_NET_TX_BUFS && RX_FRAMES > KAAL_NET_RX_BUFS,
               "every buffer is used more than once");

static kaal_net_t net;
static uint64_t mac;           /* the driver's, first byte in bits 40-47 */
static uint32_t fresh;         /* transmit buffers used so far out of KAAL_NET_TX_BUFS */
static uint32_t sent;          /* frames handed to the driver */
static uint32_t returned;      /* transmit buffers the driver gave back */
static uint32_t received, bad; /* frames from the peer, and those not as expected */
static int ready, done;

static void put_num(uint64_t v, unsigned int base)
{
    char buf[20];
    int n = 0;

    do {
        buf[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (n)
        seL4_DebugPutChar(buf[--n]);
}

/* "[netcheck] <a><n><b>" and a newline. */
static void say(const char *a, uint64_t n, const char *b)
{
    kaal_log(a);
    put_num(n, 10);
    kaal_debug_puts(b);
    seL4_DebugPutChar('\n');
}

/* The length of frame k, without the FCS: from KAAL_NET_FRAME_MIN for the first to
 * KAAL_NET_FRAME_MAX for the last of n. */
static uint32_t frame_len(uint32_t k, uint32_t n)
{
    return KAAL_NET_FRAME_MIN + k * (KAAL_NET_FRAME_MAX - KAAL_NET_FRAME_MIN) / (n - 1);
}

static void put_mac(uint8_t *p, uint64_t m)
{
    for (int i = 0; i < 6; i++)
        p[i] = (uint8_t)(m >> (40 - 8 * i));
}

static uint64_t get_mac(const uint8_t *p)
{
    uint64_t m = 0;

    for (int i = 0; i < 6; i++)
        m = m << 8 | p[i];
    return m;
}

/* Writes frame k to the peer into p; its length. */
static uint32_t make_frame(uint8_t *p, uint32_t k)
{
    uint32_t len = frame_len(k, TX_FRAMES);

    put_mac(p, PEER_MAC);
    put_mac(p + 6, mac);
    p[12] = ETH_TYPE >> 8;
    p[13] = ETH_TYPE & 0xff;
    p[14] = (uint8_t)k;
    for (uint32_t j = 1; 14 + j < len; j++)
        p[14 + j] = (uint8_t)(k * TX_MULT + j);
    return len;
}

/* What is wrong with p (len bytes) as frame k from the peer, or NULL if nothing. */
static const char *frame_fault(const uint8_t *p, uint32_t len, uint32_t k)
{
    if (len != frame_len(k, RX_FRAMES))
        return "its length is not the one sent";
    if (get_mac(p) != (k == BCAST_FRAME ? BCAST_MAC : mac))
        return "its destination is not the address it was sent to";
    if (get_mac(p + 6) != PEER_MAC || (p[12] << 8 | p[13]) != ETH_TYPE)
        return "its source or EtherType is not the peer's";
    if (p[14] != (uint8_t)k)
        return "it is out of order (the number in it is another)";
    for (uint32_t j = 1; 14 + j < len; j++)
        if (p[14 + j] != (uint8_t)(k * RX_MULT + j))
            return "its payload differs from the pattern";
    return 0;
}

/* Counts a bad frame; reports the first MAX_REPORTS. */
static void bad_frame(uint32_t k, const char *why)
{
    if (bad++ >= MAX_REPORTS)
        return;
    kaal_log("FAILED: frame ");
    put_num(k, 10);
    kaal_debug_puts(" from the peer: ");
    kaal_debug_puts(why);
    seL4_DebugPutChar('\n');
}

/* A transmit buffer: a fresh one, else one the driver returned; 0 if none is at hand. */
static int take_tx_buffer(kaal_buf_desc_t *d)
{
    if (fresh < KAAL_NET_TX_BUFS) {
        *d = kaal_net_desc(KAAL_NET_RX_BUFS + fresh++);
        return 1;
    }
    if (kaal_queue_dequeue(&net.tx.free, d) != 0)
        return 0;
    returned++;
    return 1;
}

/* Sends frames while there are frames to send and buffers for them; then waits for buffers. */
static void send_frames(void)
{
    kaal_buf_desc_t d;

    while (sent < TX_FRAMES) {
        if (!take_tx_buffer(&d)) {
            if (kaal_queue_prepare_wait(&net.tx.free))
                return;
            continue;
        }
        uint8_t *p = kaal_net_buf(&net, &d);
        if (!p || d.id < KAAL_NET_RX_BUFS) {
            bad_frame(sent, "the driver returned a transmit buffer that is not one");
            continue;
        }
        d.len = make_frame(p, sent);
        if (kaal_queue_enqueue(&net.tx.active, &d) != 0) {
            kaal_log("FAILED: tx active is full with a buffer in hand\n");
            return;
        }
        sent++;
    }
}

/* Checks the frames that came and hands their buffers back; then waits for more. */
static void receive_frames(void)
{
    kaal_buf_desc_t d;
    bool idle;

    do {
        while (kaal_queue_dequeue(&net.rx.active, &d) == 0) {
            const uint8_t *p = kaal_net_buf(&net, &d);
            const char *why = !p || d.id >= KAAL_NET_RX_BUFS ? "not in a receive buffer"
                              : d.len < 15                   ? "too short"
                                                             : frame_fault(p, d.len, received);
            if (why)
                bad_frame(received, why);
            received++;
            if (p && kaal_queue_enqueue(&net.rx.free, &d) != 0)
                kaal_log("FAILED: rx free is full\n");
        }
        idle = kaal_queue_prepare_wait(&net.rx.active);
    } while (!idle);
}

/* The findings, once the last frame from the peer is in; then the end of the test. */
static void report(void)
{
    kaal_buf_desc_t d;

    while (take_tx_buffer(&d)) /* the buffers of the last frames sent */
        ;
    if (sent == TX_FRAMES && returned == TX_FRAMES)
        say("ok: ", sent, " frames handed to the driver, every transmit buffer returned");
    else
        say("FAILED: transmit buffers returned: ", returned, ", expected as many as frames sent");
    if (bad == 0 && received == RX_FRAMES)
        say("ok: ", received,
            " frames from the peer, in order, each with its length and pattern, one broadcast");
    else
        say("FAILED: frames from the peer not as sent: ", bad, "");
    kaal_log("done\n");
    seL4_DebugHalt(); /* the test is over (tests/drivers/net.py) */
}

static void run(void)
{
    send_frames();
    receive_frames();
    if (kaal_net_client_signal(&net))
        kaal_notify(NET_CH);
    if (received >= RX_FRAMES && !done) {
        done = 1;
        report();
    }
}

void init(void)
{
    struct kaal_net_info_out info;
    int err = kaal_net_info(NET_CH, &info);

    if (err) {
        say("error: the driver is not serving (its answer is errno ", (seL4_Word)-err,
            "); no frames are exchanged");
        return;
    }
    mac = info.mac;
    kaal_log("the driver's MAC address is 0x");
    put_num(mac, 16);
    kaal_debug_puts(info.link_up ? ", link up\n" : ", link down\n");
    if (kaal_net_init(&net, (void *)NET_VADDR) != 0) {
        kaal_log("FAILED: kaal_net_init\n");
        return;
    }
    for (uint32_t i = 0; i < KAAL_NET_RX_BUFS; i++) {
        kaal_buf_desc_t d = kaal_net_desc(i);
        kaal_queue_enqueue(&net.rx.free, &d); /* room for all: KAAL_NET_RX_BUFS <= capacity */
    }
    ready = 1;
    run();
}

void notified(unsigned int ch)
{
    if (ch == NET_CH && ready && !done)
        run();
}
