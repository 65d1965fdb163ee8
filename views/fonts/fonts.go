// Package fonts embeds the DejaVu Sans typeface (regular and bold) used to
// draw Cyrillic text in PDF exports, so the binary does not depend on the
// fonts installed on the machine. DejaVu's licence (DejaVu-LICENSE.txt, the
// Bitstream Vera licence plus public-domain changes) allows embedding and
// redistribution with software.
package fonts

import _ "embed"

// Regular is DejaVuSans.ttf.
//
//go:embed DejaVuSans.ttf
var Regular []byte

// Bold is DejaVuSans-Bold.ttf.
//
//go:embed DejaVuSans-Bold.ttf
var Bold []byte
