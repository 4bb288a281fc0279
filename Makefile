# troc: one non-recursive Makefile for the library, the tools and the tests.
#   make            build everything into build/
#   make check      install missing Debian packages, build, run every test
#   make asan check the same under AddressSanitizer + UBSan (build-asan/)
#   make valgrind   the tests under valgrind memcheck (build-valgrind/)
#   make fuzz       each libFuzzer harness for FUZZ_SECONDS (build-fuzz/)
#   make demo       the whole pipeline on shipped data
#   make bench      whole-process benchmarks against peer tools

VERSION   = 0.1.0
PREFIX    = /usr/local
MANPREFIX = $(PREFIX)/share/man
DATADIR   = $(PREFIX)/share/troc

CC       = cc
OPT      = -O2 -g
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wvla
CFLAGS   = -std=c11 -pthread $(OPT) $(WARN)
CPPFLAGS = -Iinclude -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
           -DTROC_VERSION=\"$(VERSION)\" -DTROC_DATADIR=\"$(DATADIR)\"
COIN     = -lCbcSolver -lCbc -lOsiClp -lClp -lOsi -lCoinUtils
LDLIBS   = -lcsv -lz -lxxhash -lsodium $(COIN) -lm -pthread
# troc-match links COIN-OR's static archives (Debian ships them): loading
# the shared ones and running their C++ start-up costs 5 ms a run, more
# than solving a 128-household graph (README, "Dependencies"). Debian
# builds those archives without -fPIC, hence -no-pie. The C++ library,
# and LAPACK and BLAS (CoinUtils calls them) with the Fortran run-time
# they need, are linked in too when their archives are there: their
# symbols took another 2 ms a run to bind.
# (-print-file-name prints a path only when it finds the archive)
GFORTRAN_A := $(shell $(CC) -print-file-name=libgfortran.a 2>/dev/null)
ifeq ($(patsubst /%,/,$(GFORTRAN_A)),/)
COIN_LAPACK = -llapack -lblas -lgfortran -lquadmath -Wl,-Bdynamic
else
COIN_LAPACK = -Wl,-Bdynamic -llapack -lblas
endif
COIN_STATIC = -no-pie -Wl,-Bstatic -lCbcSolver -lCbc -lCgl -lOsiClp -lClp \
           -lOsi -lCoinUtils -lbz2 -lstdc++ $(COIN_LAPACK) -static-libgcc

B = build
ifneq ($(filter asan,$(MAKECMDGOALS)),)
B    = build-asan
OPT  = -O1 -g -fno-omit-frame-pointer
SAN  = -fsanitize=address,undefined -fno-sanitize-recover=all
endif
ifneq ($(filter fuzz,$(MAKECMDGOALS)),)
B    = build-fuzz
CC   = clang
OPT  = -O1 -g -fno-omit-frame-pointer
SAN  = -fsanitize=fuzzer-no-link,address,undefined
endif
ifneq ($(filter valgrind,$(MAKECMDGOALS)),)
B    = build-valgrind
OPT  = -O1 -g
endif
ifeq ($(CI),true)
WARN += -Werror
endif
# With every archive there (the Fortran run-time's decides), troc-match
# (both its programs, below) is linked wholly static: no dynamic loader,
# no shared library to map and bind at each start. On a machine where
# starting a process costs 1.7 ms (/bin/true), a K = 2 run on a
# 128-pair graph took 3.5 ms instead of 5.0 (hyperfine, 60 runs each).
# Not under the sanitizers, which cannot be linked so, nor for
# valgrind, which checks the shared C library's malloc (SAN and B reach
# the sub-makes of check and valgrind). zlib comes again after
# CoinUtils, which calls it.
MATCH_STATIC =
ifeq ($(SAN)$(filter %valgrind,$(B))$(patsubst /%,/,$(GFORTRAN_A)),/)
COIN_STATIC = -static -lCbcSolver -lCbc -lCgl -lOsiClp -lClp -lOsi \
           -lCoinUtils -lbz2 -lz -lstdc++ -llapack -lblas -lgfortran \
           -lquadmath
MATCH_STATIC = -static
endif
# troc-match comes in two: bin/troc-match without the LP solver
# (cmd/match_nolp.c in its place: 2 MB, C only), which solves K = 2
# without chains and TTC itself, and runs the whole program,
# libexec/troc-match-lp, in its place for anything else (before it
# reads a byte). COIN-OR's 7.5 MB and their C++ start-up took 0.5 ms of
# the 2.6 of a K = 2 run on a 128-pair graph (README, "Performance").
MATCH_LP = $(B)/libexec/troc-match-lp

LIBSRC  = $(sort $(wildcard lib/*.c))
LIBOBJ  = $(LIBSRC:%.c=$(B)/%.o)
CLISRC  = cmd/cli.c
CLIOBJ  = $(CLISRC:%.c=$(B)/%.o)
TOOLS   = $(sort $(patsubst cmd/%.c,%,$(filter cmd/troc-%.c,$(wildcard cmd/*.c))))
BINS    = $(TOOLS:%=$(B)/bin/%)
UNITSRC = $(sort $(wildcard tests/unit/test_*.c))
UNITS   = $(UNITSRC:tests/unit/%.c=$(B)/tests/%)
LIBA    = $(B)/libtroc.a

BENCHSRC = $(sort $(wildcard bench/*.c))
BENCHES  = $(BENCHSRC:bench/%.c=$(B)/bench/%)
FUZZSRC  = $(sort $(wildcard tests/fuzz/fuzz_*.c))
REPLAYS  = $(FUZZSRC:tests/fuzz/fuzz_%.c=$(B)/fuzz/replay-%)
FUZZERS  = $(FUZZSRC:tests/fuzz/fuzz_%.c=$(B)/fuzz/fuzz-%)
FUZZ_SECONDS = 60

all: $(BINS) $(MATCH_LP) $(UNITS) $(BENCHES) $(REPLAYS)

asan: all

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) -MMD -MP -c -o $@ $<

$(LIBA): $(LIBOBJ)
	@rm -f $@
	ar rcs $@ $(LIBOBJ)

$(B)/bin/troc-match: COIN = $(MATCH_STATIC)
$(B)/bin/troc-match: $(B)/cmd/troc-match.o $(CLIOBJ) $(B)/cmd/match_nolp.o \
    $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

$(MATCH_LP): COIN = $(COIN_STATIC)
$(MATCH_LP): $(B)/cmd/troc-match.o $(CLIOBJ) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

$(B)/bin/%: $(B)/cmd/%.o $(CLIOBJ) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN) -o $@ $< $(CLIOBJ) $(LIBA) $(LDLIBS)

$(B)/tests/%: $(B)/tests/unit/%.o $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN) -o $@ $< $(LIBA) $(LDLIBS)

$(B)/bench/%: $(B)/bench/%.o $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN) -o $@ $< $(LIBA) $(LDLIBS)

$(B)/fuzz/replay-%: $(B)/tests/fuzz/fuzz_%.o $(B)/tests/fuzz/replay.o $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

$(B)/fuzz/fuzz-%: $(B)/tests/fuzz/fuzz_%.o $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

# make fuzz: each harness (or those of FUZZ=name...) for FUZZ_SECONDS
# under libFuzzer (clang), from its corpus; what it finds goes to
# build-fuzz/found-NAME/, not the repo (a crash stops the run: its input
# is the crash-* file named, to add to tests/fuzz/regressions/NAME/).
# FUZZ_FLAGS: more libFuzzer options (e.g. -runs=10000000; a -timeout
# counts wall time, so a run paused with SIGSTOP needs a long one).
FUZZ =
FUZZ_FLAGS =
FUZZ_RUN = $(if $(FUZZ),$(FUZZ:%=$(B)/fuzz/fuzz-%),$(FUZZERS))
fuzz:
	@scripts/install-deps --fuzz
	@$(MAKE) --no-print-directory B=$(B) CC=$(CC) OPT="$(OPT)" \
	    SAN="$(SAN)" fuzzers
	@for f in $(FUZZ_RUN); do n=$${f##*/fuzz-}; \
	    mkdir -p $(B)/found-$$n; \
	    echo "fuzz: $$n for $(FUZZ_SECONDS) s"; \
	    if ! $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	        -print_final_stats=1 $(FUZZ_FLAGS) \
	        -artifact_prefix=$(B)/found-$$n/ \
	        $(B)/found-$$n tests/fuzz/corpus/$$n >$(B)/fuzz-$$n.log 2>&1; \
	    then tail -n 40 $(B)/fuzz-$$n.log; exit 1; fi; \
	    grep -E '^(Done|stat::number_of_executed_units)' \
	        $(B)/fuzz-$$n.log; done

fuzzers: $(FUZZERS)

deps:
	@scripts/install-deps

check: deps
	@$(MAKE) --no-print-directory B=$(B) OPT="$(OPT)" SAN="$(SAN)" all
	@B=$(B) tests/run

# make valgrind: the tests again with every binary under valgrind
# memcheck (build-valgrind/, no sanitizers): an error or a leak fails.
# tests/run then runs one test a processor and test_kep on its smaller
# set (TROC_TEST_SMALL: about a minute under memcheck; the whole set,
# 47 s natively, takes over half an hour). VALGRIND_SKIP names unit
# tests to leave out.
VALGRIND_SKIP =
valgrind: deps
	@scripts/install-deps --valgrind
	@$(MAKE) --no-print-directory B=$(B) OPT="$(OPT)" all
	@B=$(B) TROC_VALGRIND=1 TROC_SKIP="$(VALGRIND_SKIP)" tests/run

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo

bench: deps
	@scripts/install-deps --bench
	@$(MAKE) --no-print-directory all
	@scripts/bench

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 \
	    $(DESTDIR)$(MANPREFIX)/man5 $(DESTDIR)$(MANPREFIX)/man7 \
	    $(DESTDIR)$(DATADIR)
	cp -f $(BINS) $(DESTDIR)$(PREFIX)/bin/
	mkdir -p $(DESTDIR)$(PREFIX)/libexec
	cp -f $(MATCH_LP) $(DESTDIR)$(PREFIX)/libexec/
	cp -f man/*.1 $(DESTDIR)$(MANPREFIX)/man1/
	cp -f man/*.5 $(DESTDIR)$(MANPREFIX)/man5/
	cp -f man/*.7 $(DESTDIR)$(MANPREFIX)/man7/
	cp -Rf data/. $(DESTDIR)$(DATADIR)/

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(PREFIX)/bin/$$t \
	    $(DESTDIR)$(MANPREFIX)/man1/$$t.1; done
	rm -f $(DESTDIR)$(MANPREFIX)/man5/troc-formats.5 \
	    $(DESTDIR)$(MANPREFIX)/man7/troc.7
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(PREFIX)/libexec/troc-match-lp

clean:
	rm -rf build build-asan build-fuzz build-valgrind

.PHONY: all asan fuzz fuzzers valgrind deps check demo bench install uninstall \
    clean
.SECONDARY:

-include $(LIBOBJ:.o=.d) $(CLIOBJ:.o=.d) $(TOOLS:%=$(B)/cmd/%.d) \
    $(FUZZSRC:%.c=$(B)/%.d) \
    $(UNITS:$(B)/tests/%=$(B)/tests/unit/%.d)
