# Deterministic test images as raw framebuffer bytes (B, G, R, X per pixel, rows `stride` bytes
# apart), written to stdout. Every image varies along both axes so that a shifted row, a swapped
# channel, a wrong stride or a clipped edge changes pixels an exact comparison sees.
#
#   LC_ALL=C awk -v pattern=bars -v width=1280 -v height=800 -v stride=5120 -f patterns.awk
#
# pattern: bars  - colour bars, a grey and three channel ramps, blocks laid out like text; label "A"
#          tiles - checkerboard whose colours step per tile, a one-pixel frame on the edges; label "B"
#          waves - two-axis gradient crossed by diagonal stripes; label "C"
#          demo  - colour bars with "VHOST GPU" written across them

BEGIN {
    if (width < 64 || height < 64 || stride < width * 4) {
        print "patterns.awk: bad geometry " width "x" height " stride " stride > "/dev/stderr"
        exit 2
    }
    define_font()
    for (v = 0; v < 256; v++) byte[v] = sprintf("%c", v)
    padding = ""
    for (i = width * 4; i < stride; i++) padding = padding byte[0]

    if (pattern == "bars") { label = "A"; scale = 8 }
    else if (pattern == "tiles") { label = "B"; scale = 8 }
    else if (pattern == "waves") { label = "C"; scale = 8 }
    else if (pattern == "demo") { label = "VHOST GPU"; scale = int(width / (9 * 6 + 2)) }
    else {
        print "patterns.awk: unknown pattern '" pattern "'" > "/dev/stderr"
        exit 2
    }
    label_x = scale
    label_y = pattern == "demo" ? int((height - 7 * scale) / 3) : scale

    for (y = 0; y < height; y++) {
        row = ""
        for (x = 0; x < width; x++) {
            if (in_label(x, y)) { r = 255; g = 255; b = 255 }
            else if (pattern == "tiles") tiles(x, y)
            else if (pattern == "waves") waves(x, y)
            else bars(x, y)
            row = row byte[b] byte[g] byte[r] byte[0]
        }
        printf "%s%s", row, padding
    }
}

# Top two thirds: eight bars; below: a grey ramp and a red, green, blue ramp side by side on the
# left, "text" blocks (5x7 cells lit by a hash of their position) on the right.
function bars(x, y,    bar, ramp, band, cell_x, cell_y, h, lit) {
    if (y < int(height * 2 / 3)) {
        bar = int(x * 8 / width)
        r = (bar == 0 || bar == 1 || bar == 4 || bar == 5) ? 192 : 0
        g = (bar <= 3) ? 192 : 0
        b = (bar == 0 || bar == 2 || bar == 4 || bar == 6) ? 192 : 0
        if (bar == 7) { r = 16; g = 16; b = 16 }
        return
    }
    if (x < int(width / 2)) {
        ramp = int(x * 256 / int(width / 2))
        band = int((y - int(height * 2 / 3)) * 4 / (height - int(height * 2 / 3)))
        r = (band == 0 || band == 1) ? ramp : 0
        g = (band == 0 || band == 2) ? ramp : 0
        b = (band == 0 || band == 3) ? ramp : 0
        return
    }
    cell_x = int(x / 3); cell_y = int(y / 3)
    h = (cell_x * 73 + cell_y * 151 + int(cell_x / 6) * 19 + int(cell_y / 9) * 7) % 11
    lit = (cell_x % 6 != 5) && (cell_y % 9 < 7) && h < 6
    r = lit ? 230 : 24; g = lit ? 230 : 24; b = lit ? 200 : 64
}

function tiles(x, y,    tx, ty) {
    if (x == 0 || y == 0 || x == width - 1 || y == height - 1) { r = 255; g = 0; b = 0; return }
    tx = int(x / 32); ty = int(y / 32)
    if ((tx + ty) % 2 == 0) { r = (tx * 6) % 256; g = (ty * 10) % 256; b = 128 }
    else { r = 255 - (tx * 6) % 256; g = 96; b = (ty * 10 + tx) % 256 }
}

function waves(x, y,    stripe) {
    r = int(x * 255 / (width - 1))
    g = int(y * 255 / (height - 1))
    b = (x + y) % 256
    stripe = int((x + 2 * y) / 24) % 3
    if (stripe == 1) { r = 255 - r }
    else if (stripe == 2) { g = 255 - g; b = 255 - b }
}

function in_label(x, y,    col, row, char_index, glyph_col) {
    if (y < label_y || y >= label_y + 7 * scale || x < label_x) return 0
    col = int((x - label_x) / scale); row = int((y - label_y) / scale)
    char_index = int(col / 6); glyph_col = col % 6
    if (char_index >= length(label) || glyph_col == 5) return 0
    return substr(glyph[substr(label, char_index + 1, 1)], row * 5 + glyph_col + 1, 1) == "#"
}

# 5x7 glyphs, row by row, for the letters the labels use.
function define_font() {
    glyph["A"] = ".###.#...##...#######...##...##...#"
    glyph["B"] = "####.#...##...#####.#...##...#####."
    glyph["C"] = ".###.#...##....#....#....#...#.###."
    glyph["G"] = ".###.#...##....#.####...##...#.###."
    glyph["H"] = "#...##...##...#######...##...##...#"
    glyph["O"] = ".###.#...##...##...##...##...#.###."
    glyph["P"] = "####.#...##...#####.#....#....#...."
    glyph["S"] = ".#####....#.....###.....#....#####."
    glyph["T"] = "#####..#....#....#....#....#....#.."
    glyph["U"] = "#...##...##...##...##...##...#.###."
    glyph["V"] = "#...##...##...##...##...#.#.#...#.."
    glyph[" "] = "..................................."
}
