/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kaal-sysgen: checks a system description and writes its system image.
 *
 *   kaal-sysgen <system.yaml> -o <system.img>   check, then write the image
 *   kaal-sysgen --check <system.yaml>           check only
 *   kaal-sysgen --pack-cpio <folder> -o <file>  the archive a region's cpio: makes
 *
 * Exit status: 0 success, 1 the description has errors (all reported on
 * stderr as file:line:col: error: ...), 2 a usage or I/O problem.  The
 * image is written beside its name and renamed into place, so a failed run
 * never leaves a half-written image behind.
 */
#include "sysgen.h"

#include <kaal/sysimage.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SYSGEN_VERSION "0.1"

static const char usage[] =
    "usage: kaal-sysgen <system.yaml> -o <system.img>\n"
    "       kaal-sysgen --check <system.yaml>\n"
    "       kaal-sysgen --pack-cpio <folder> -o <file.cpio>\n"
    "\n"
    "Checks a KaaL system description and writes the system image the root\n"
    "server loads (see docs/system-description.md).\n"
    "\n"
    "  -o FILE      write the image to FILE\n"
    "  --check      only check the description; write nothing\n"
    "  --elf-dir D  find relative elf: paths in D, not beside the description\n"
    "  --pack-cpio  pack a folder as a region's cpio: does, into -o FILE\n"
    "  --help       show this text\n"
    "  --version    show the version and the image format version\n";

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, got;
    unsigned char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            unsigned char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static int write_image(const char *out, const unsigned char *img, size_t len)
{
    char tmp[4096];
    snprintf(tmp, sizeof(tmp), "%s.tmp", out);
    FILE *f = fopen(tmp, "wb");
    if (!f || fwrite(img, 1, len, f) != len || fclose(f) != 0 || rename(tmp, out) != 0) {
        fprintf(stderr, "kaal-sysgen: cannot write '%s': %s\n", out, strerror(errno));
        remove(tmp);
        return 2;
    }
    return 0;
}

static int fail_usage(const char *what)
{
    fprintf(stderr, "kaal-sysgen: %s\n%s", what, usage);
    return 2;
}

/* --pack-cpio: the folder's archive into out, as a region's cpio: would hold it. */
static int pack_cpio(const char *folder, const char *out)
{
    const char *why = NULL;
    size_t len = 0;

    if (!folder || !out)
        return fail_usage("--pack-cpio needs a folder and -o: --pack-cpio root -o root.cpio");
    unsigned char *a = sg_pack_cpio(folder, &len, &why);
    if (!a) {
        fprintf(stderr, "kaal-sysgen: %s\n", why);
        return 1;
    }
    int status = write_image(out, a, len);
    free(a);
    return status;
}

int main(int argc, char **argv)
{
    const char *in = NULL, *out = NULL, *elf_dir = NULL;
    bool check_only = false, pack = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("kaal-sysgen %s (system image format %d)\n", SYSGEN_VERSION,
                   KAAL_SYSIMAGE_VERSION);
            return 0;
        } else if (strcmp(argv[i], "--check") == 0) {
            check_only = true;
        } else if (strcmp(argv[i], "--pack-cpio") == 0) {
            pack = true;
        } else if (strcmp(argv[i], "-o") == 0) {
            if (++i == argc)
                return fail_usage("-o needs a file name: -o system.img");
            out = argv[i];
        } else if (strcmp(argv[i], "--elf-dir") == 0) {
            if (++i == argc)
                return fail_usage("--elf-dir needs a directory: --elf-dir build/my-system");
            elf_dir = argv[i];
        } else if (argv[i][0] == '-') {
            return fail_usage("unknown option; see --help");
        } else if (in) {
            return fail_usage("give one system description only");
        } else {
            in = argv[i];
        }
    }
    if (pack)
        return pack_cpio(in, out);
    if (!in)
        return fail_usage("no system description given: kaal-sysgen system.yaml -o system.img");
    if (!out && !check_only)
        return fail_usage("no output given: add -o system.img (or --check to only check)");

    size_t len;
    unsigned char *text = read_all(in, &len);
    if (!text) {
        fprintf(stderr, "kaal-sysgen: cannot read '%s': %s\n", in, strerror(errno));
        return 2;
    }
    struct sg_system s;
    sg_init(&s, in, stderr);
    s.elf_dir = elf_dir;
    sg_parse(&s, text, len);
    if (s.have_doc)
        sg_check(&s); /* after parse errors too: report everything at once */
    sg_report(&s);
    int status = 0;
    if (s.errors) {
        fprintf(stderr, "%s: %d error%s\n", in, s.errors, s.errors == 1 ? "" : "s");
        status = 1;
    } else if (out) {
        unsigned char *img = sg_image(&s, &len);
        status = img ? write_image(out, img, len) : 2;
        free(img);
    }
    sg_free(&s);
    free(text);
    return status;
}
