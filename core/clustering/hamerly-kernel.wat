;; The k-means chunk kernel in WebAssembly SIMD (f64x2). Source of
;; hamerly-wasm.ts: after editing, run `npm run build:wasm` (see
;; scripts/assemble-hamerly-wasm.ts); a unit test fails while the two differ.
;;
;; Every instance owns a private memory that hamerly-kernel.ts (Lloyd passes)
;; or seeding-kernel.ts (k-means++) lays out with `configure`: the centres and
;; their shifts, one chunk of rows copied in, the chunk's labels and bounds,
;; and the chunk's partial sums. Each export works on that one chunk; the
;; JavaScript side copies rows and state in and out.
;;
;; Distances are bit-identical to squaredDistance (squared-distance.ts): lane 0
;; and 1 of $acc01 are its s0 and s1, lanes of $acc23 its s2 and s3, the tail
;; goes to s0 in column order, and the result is (s0 + s1) + (s2 + s3). There
;; is no fused multiply-add, so each product and sum rounds as in JavaScript.
(module
  (memory (export "memory") 1)

  (global $cols (mut i32) (i32.const 0))
  (global $k (mut i32) (i32.const 0))
  (global $rowBytes (mut i32) (i32.const 0))
  ;; Byte offsets of the regions (see layoutKernel in hamerly-kernel.ts).
  (global $centroids (mut i32) (i32.const 0))
  (global $shift (mut i32) (i32.const 0))
  (global $halfGap (mut i32) (i32.const 0))
  (global $zeros (mut i32) (i32.const 0))
  (global $origin (mut i32) (i32.const 0))
  (global $rows (mut i32) (i32.const 0))
  (global $upper (mut i32) (i32.const 0))
  (global $lower (mut i32) (i32.const 0))
  (global $labels (mut i32) (i32.const 0))
  (global $sums (mut i32) (i32.const 0))
  (global $squares (mut i32) (i32.const 0))
  (global $counts (mut i32) (i32.const 0))
  (global $columnSums (mut i32) (i32.const 0))
  (global $columnSquares (mut i32) (i32.const 0))
  ;; markRows' list: bound (f64) and row index (i32) of each row to check.
  (global $bounds (mut i32) (i32.const 0))
  (global $marked (mut i32) (i32.const 0))
  ;; k doubles: the distances of the row being scanned.
  (global $scratch (mut i32) (i32.const 0))
  ;; k-means++ seeding (nearerRows): the chunk's current squared distance to the
  ;; nearest chosen centre, one output block of CHUNK_ROWS per candidate, and
  ;; the candidates' running potentials.
  (global $closest (mut i32) (i32.const 0))
  (global $nearer (mut i32) (i32.const 0))
  (global $potentials (mut i32) (i32.const 0))
  ;; Results of $scan and of a pass.
  (global $best (mut i32) (i32.const 0))
  (global $bestDistance (mut f64) (f64.const 0))
  (global $secondDistance (mut f64) (f64.const 0))
  (global $changed (mut i32) (i32.const 0))

  (func (export "configure")
    (param $cols i32) (param $k i32) (param $centroids i32) (param $shift i32) (param $halfGap i32)
    (param $zeros i32) (param $origin i32) (param $rows i32) (param $upper i32) (param $lower i32)
    (param $sums i32) (param $squares i32) (param $counts i32) (param $columnSums i32) (param $columnSquares i32)
    (param $bounds i32) (param $scratch i32) (param $labels i32) (param $marked i32)
    (global.set $cols (local.get $cols))
    (global.set $k (local.get $k))
    (global.set $rowBytes (i32.shl (local.get $cols) (i32.const 3)))
    (global.set $centroids (local.get $centroids))
    (global.set $shift (local.get $shift))
    (global.set $halfGap (local.get $halfGap))
    (global.set $zeros (local.get $zeros))
    (global.set $origin (local.get $origin))
    (global.set $rows (local.get $rows))
    (global.set $upper (local.get $upper))
    (global.set $lower (local.get $lower))
    (global.set $labels (local.get $labels))
    (global.set $sums (local.get $sums))
    (global.set $squares (local.get $squares))
    (global.set $counts (local.get $counts))
    (global.set $columnSums (local.get $columnSums))
    (global.set $columnSquares (local.get $columnSquares))
    (global.set $bounds (local.get $bounds))
    (global.set $scratch (local.get $scratch))
    (global.set $marked (local.get $marked)))

  ;; Squared distance between the $cols values at byte offsets $a and $b.
  (func $distance (export "distance") (param $a i32) (param $b i32) (result f64)
    (local $acc01 v128) (local $acc23 v128) (local $d v128)
    (local $end4 i32) (local $end i32) (local $s0 f64) (local $x f64)
    (local.set $end (i32.add (local.get $a) (global.get $rowBytes)))
    (local.set $end4 (i32.add (local.get $a) (i32.shl (i32.and (global.get $cols) (i32.const -4)) (i32.const 3))))
    (block $done4
      (loop $four
        (br_if $done4 (i32.ge_u (local.get $a) (local.get $end4)))
        (local.set $d (f64x2.sub (v128.load align=8 (local.get $a)) (v128.load align=8 (local.get $b))))
        (local.set $acc01 (f64x2.add (local.get $acc01) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $d (f64x2.sub (v128.load offset=16 align=8 (local.get $a)) (v128.load offset=16 align=8 (local.get $b))))
        (local.set $acc23 (f64x2.add (local.get $acc23) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br $four)))
    (local.set $s0 (f64x2.extract_lane 0 (local.get $acc01)))
    (block $done1
      (loop $one
        (br_if $done1 (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $x (f64.sub (f64.load (local.get $a)) (f64.load (local.get $b))))
        (local.set $s0 (f64.add (local.get $s0) (f64.mul (local.get $x) (local.get $x))))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (br $one)))
    (f64.add
      (f64.add (local.get $s0) (f64x2.extract_lane 1 (local.get $acc01)))
      (f64.add (f64x2.extract_lane 0 (local.get $acc23)) (f64x2.extract_lane 1 (local.get $acc23)))))

  ;; Squared distances from the row at $a to the centres at $b and $b + rowBytes
  ;; at once (one read of the row for both), each summed exactly as $distance
  ;; sums it; stored at $out.
  (func $distancePair (param $a i32) (param $b i32) (param $out i32)
    (local $c i32) (local $acc01 v128) (local $acc23 v128) (local $bcc01 v128) (local $bcc23 v128)
    (local $x v128) (local $d v128) (local $end4 i32) (local $end i32) (local $s0 f64) (local $t0 f64) (local $y f64) (local $e f64)
    (local.set $c (i32.add (local.get $b) (global.get $rowBytes)))
    (local.set $end (i32.add (local.get $a) (global.get $rowBytes)))
    (local.set $end4 (i32.add (local.get $a) (i32.shl (i32.and (global.get $cols) (i32.const -4)) (i32.const 3))))
    (block $done4
      (loop $four
        (br_if $done4 (i32.ge_u (local.get $a) (local.get $end4)))
        (local.set $x (v128.load align=8 (local.get $a)))
        (local.set $d (f64x2.sub (local.get $x) (v128.load align=8 (local.get $b))))
        (local.set $acc01 (f64x2.add (local.get $acc01) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $d (f64x2.sub (local.get $x) (v128.load align=8 (local.get $c))))
        (local.set $bcc01 (f64x2.add (local.get $bcc01) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $x (v128.load offset=16 align=8 (local.get $a)))
        (local.set $d (f64x2.sub (local.get $x) (v128.load offset=16 align=8 (local.get $b))))
        (local.set $acc23 (f64x2.add (local.get $acc23) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $d (f64x2.sub (local.get $x) (v128.load offset=16 align=8 (local.get $c))))
        (local.set $bcc23 (f64x2.add (local.get $bcc23) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $c (i32.add (local.get $c) (i32.const 32)))
        (br $four)))
    (local.set $s0 (f64x2.extract_lane 0 (local.get $acc01)))
    (local.set $t0 (f64x2.extract_lane 0 (local.get $bcc01)))
    (block $done1
      (loop $one
        (br_if $done1 (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $y (f64.load (local.get $a)))
        (local.set $e (f64.sub (local.get $y) (f64.load (local.get $b))))
        (local.set $s0 (f64.add (local.get $s0) (f64.mul (local.get $e) (local.get $e))))
        (local.set $e (f64.sub (local.get $y) (f64.load (local.get $c))))
        (local.set $t0 (f64.add (local.get $t0) (f64.mul (local.get $e) (local.get $e))))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (local.set $c (i32.add (local.get $c) (i32.const 8)))
        (br $one)))
    (f64.store offset=8 (local.get $out)
      (f64.add
        (f64.add (local.get $t0) (f64x2.extract_lane 1 (local.get $bcc01)))
        (f64.add (f64x2.extract_lane 0 (local.get $bcc23)) (f64x2.extract_lane 1 (local.get $bcc23)))))
    (f64.store (local.get $out)
      (f64.add
        (f64.add (local.get $s0) (f64x2.extract_lane 1 (local.get $acc01)))
        (f64.add (f64x2.extract_lane 0 (local.get $acc23)) (f64x2.extract_lane 1 (local.get $acc23))))))

  ;; Squared distances from the row at $a to the four centres from $b on, with
  ;; one read of the row for all four, each summed exactly as $distance sums
  ;; it; stored at $out.
  (func $distanceQuad (param $a i32) (param $b i32) (param $out i32)
    (local $p i32) (local $q i32) (local $r i32)
    (local $a01 v128) (local $a23 v128) (local $b01 v128) (local $b23 v128)
    (local $c01 v128) (local $c23 v128) (local $d01 v128) (local $d23 v128)
    (local $x v128) (local $y v128) (local $end4 i32) (local $end i32)
    (local $sa f64) (local $sb f64) (local $sc f64) (local $sd f64) (local $z f64) (local $e f64)
    (local.set $p (i32.add (local.get $b) (global.get $rowBytes)))
    (local.set $q (i32.add (local.get $p) (global.get $rowBytes)))
    (local.set $r (i32.add (local.get $q) (global.get $rowBytes)))
    (local.set $end (i32.add (local.get $a) (global.get $rowBytes)))
    (local.set $end4 (i32.add (local.get $a) (i32.shl (i32.and (global.get $cols) (i32.const -4)) (i32.const 3))))
    (block $done4
      (loop $four
        (br_if $done4 (i32.ge_u (local.get $a) (local.get $end4)))
        (local.set $x (v128.load align=8 (local.get $a)))
        (local.set $y (f64x2.sub (local.get $x) (v128.load align=8 (local.get $b))))
        (local.set $a01 (f64x2.add (local.get $a01) (f64x2.mul (local.get $y) (local.get $y))))
        (local.set $y (f64x2.sub (local.get $x) (v128.load align=8 (local.get $p))))
        (local.set $b01 (f64x2.add (local.get $b01) (f64x2.mul (local.get $y) (local.get $y))))
        (local.set $y (f64x2.sub (local.get $x) (v128.load align=8 (local.get $q))))
        (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $y) (local.get $y))))
        (local.set $y (f64x2.sub (local.get $x) (v128.load align=8 (local.get $r))))
        (local.set $d01 (f64x2.add (local.get $d01) (f64x2.mul (local.get $y) (local.get $y))))
        (local.set $x (v128.load offset=16 align=8 (local.get $a)))
        (local.set $y (f64x2.sub (local.get $x) (v128.load offset=16 align=8 (local.get $b))))
        (local.set $a23 (f64x2.add (local.get $a23) (f64x2.mul (local.get $y) (local.get $y))))
        (local.set $y (f64x2.sub (local.get $x) (v128.load offset=16 align=8 (local.get $p))))
        (local.set $b23 (f64x2.add (local.get $b23) (f64x2.mul (local.get $y) (local.get $y))))
        (local.set $y (f64x2.sub (local.get $x) (v128.load offset=16 align=8 (local.get $q))))
        (local.set $c23 (f64x2.add (local.get $c23) (f64x2.mul (local.get $y) (local.get $y))))
        (local.set $y (f64x2.sub (local.get $x) (v128.load offset=16 align=8 (local.get $r))))
        (local.set $d23 (f64x2.add (local.get $d23) (f64x2.mul (local.get $y) (local.get $y))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (local.set $q (i32.add (local.get $q) (i32.const 32)))
        (local.set $r (i32.add (local.get $r) (i32.const 32)))
        (br $four)))
    (local.set $sa (f64x2.extract_lane 0 (local.get $a01)))
    (local.set $sb (f64x2.extract_lane 0 (local.get $b01)))
    (local.set $sc (f64x2.extract_lane 0 (local.get $c01)))
    (local.set $sd (f64x2.extract_lane 0 (local.get $d01)))
    (block $done1
      (loop $one
        (br_if $done1 (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $z (f64.load (local.get $a)))
        (local.set $e (f64.sub (local.get $z) (f64.load (local.get $b))))
        (local.set $sa (f64.add (local.get $sa) (f64.mul (local.get $e) (local.get $e))))
        (local.set $e (f64.sub (local.get $z) (f64.load (local.get $p))))
        (local.set $sb (f64.add (local.get $sb) (f64.mul (local.get $e) (local.get $e))))
        (local.set $e (f64.sub (local.get $z) (f64.load (local.get $q))))
        (local.set $sc (f64.add (local.get $sc) (f64.mul (local.get $e) (local.get $e))))
        (local.set $e (f64.sub (local.get $z) (f64.load (local.get $r))))
        (local.set $sd (f64.add (local.get $sd) (f64.mul (local.get $e) (local.get $e))))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (local.set $q (i32.add (local.get $q) (i32.const 8)))
        (local.set $r (i32.add (local.get $r) (i32.const 8)))
        (br $one)))
    (f64.store offset=8 (local.get $out) (f64.add (f64.add (local.get $sb) (f64x2.extract_lane 1 (local.get $b01))) (f64.add (f64x2.extract_lane 0 (local.get $b23)) (f64x2.extract_lane 1 (local.get $b23)))))
    (f64.store offset=16 (local.get $out) (f64.add (f64.add (local.get $sc) (f64x2.extract_lane 1 (local.get $c01))) (f64.add (f64x2.extract_lane 0 (local.get $c23)) (f64x2.extract_lane 1 (local.get $c23)))))
    (f64.store offset=24 (local.get $out) (f64.add (f64.add (local.get $sd) (f64x2.extract_lane 1 (local.get $d01))) (f64.add (f64x2.extract_lane 0 (local.get $d23)) (f64x2.extract_lane 1 (local.get $d23)))))
    (f64.store (local.get $out) (f64.add (f64.add (local.get $sa) (f64x2.extract_lane 1 (local.get $a01))) (f64.add (f64x2.extract_lane 0 (local.get $a23)) (f64x2.extract_lane 1 (local.get $a23))))))

  ;; Squared distances from the row at $row to the first $count centres, into
  ;; $scratch: four, then two, then one centre per read of the row.
  (func $distancesToCentres (param $row i32) (param $count i32)
    (local $c i32) (local $centre i32) (local $out i32)
    (local.set $centre (global.get $centroids))
    (local.set $out (global.get $scratch))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $c) (local.get $count)))
        (if (i32.lt_u (i32.add (local.get $c) (i32.const 3)) (local.get $count))
          (then
            (call $distanceQuad (local.get $row) (local.get $centre) (local.get $out))
            (local.set $c (i32.add (local.get $c) (i32.const 4))))
          (else
            (if (i32.lt_u (i32.add (local.get $c) (i32.const 1)) (local.get $count))
              (then
                (call $distancePair (local.get $row) (local.get $centre) (local.get $out))
                (local.set $c (i32.add (local.get $c) (i32.const 2))))
              (else
                (f64.store (local.get $out) (call $distance (local.get $row) (local.get $centre)))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))))))
        (local.set $centre (i32.add (global.get $centroids) (i32.mul (local.get $c) (global.get $rowBytes))))
        (local.set $out (i32.add (global.get $scratch) (i32.shl (local.get $c) (i32.const 3))))
        (br $next))))

  ;; Nearest centre to the row at $row: every centre, ties to the lowest index.
  ;; Sets $best, $bestDistance and $secondDistance (the nearest other centre;
  ;; squared). (Branches beat select here: on clustered data the nearest
  ;; centre is mostly predictable, and select chains each step on the last.)
  (func $scan (param $row i32)
    (local $c i32) (local $d f64)
    (local $best i32) (local $bestDistance f64) (local $second f64)
    (call $distancesToCentres (local.get $row) (global.get $k))
    (local.set $bestDistance (f64.const inf))
    (local.set $second (f64.const inf))
    (local.set $c (i32.const 0))
    (block $doneMin
      (loop $min
        (br_if $doneMin (i32.ge_u (local.get $c) (global.get $k)))
        (local.set $d (f64.load (i32.add (global.get $scratch) (i32.shl (local.get $c) (i32.const 3)))))
        (if (f64.lt (local.get $d) (local.get $bestDistance))
          (then
            (local.set $second (local.get $bestDistance))
            (local.set $bestDistance (local.get $d))
            (local.set $best (local.get $c)))
          (else
            (if (f64.lt (local.get $d) (local.get $second)) (then (local.set $second (local.get $d))))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $min)))
    (global.set $best (local.get $best))
    (global.set $bestDistance (local.get $bestDistance))
    (global.set $secondDistance (local.get $second)))

  ;; target[j] += sign x source[j] over $cols values (sign is 1 or -1: exact).
  (func $accumulate (param $target i32) (param $source i32) (param $sign f64)
    (local $end i32) (local $end2 i32) (local $signs v128)
    (local.set $signs (f64x2.splat (local.get $sign)))
    (local.set $end (i32.add (local.get $target) (global.get $rowBytes)))
    (local.set $end2 (i32.add (local.get $target) (i32.shl (i32.and (global.get $cols) (i32.const -2)) (i32.const 3))))
    (block $done2
      (loop $two
        (br_if $done2 (i32.ge_u (local.get $target) (local.get $end2)))
        (v128.store align=8 (local.get $target)
          (f64x2.add (v128.load align=8 (local.get $target)) (f64x2.mul (v128.load align=8 (local.get $source)) (local.get $signs))))
        (local.set $target (i32.add (local.get $target) (i32.const 16)))
        (local.set $source (i32.add (local.get $source) (i32.const 16)))
        (br $two)))
    (if (i32.lt_u (local.get $target) (local.get $end))
      (then
        (f64.store (local.get $target)
          (f64.add (f64.load (local.get $target)) (f64.mul (f64.load (local.get $source)) (local.get $sign)))))))

  ;; Adds (sign 1) or removes (sign -1) the row at $row to or from cluster $c's partial sums.
  (func $moveRow (param $row i32) (param $c i32) (param $sign f64)
    (local $at i32)
    (call $accumulate
      (i32.add (global.get $sums) (i32.mul (local.get $c) (global.get $rowBytes))) (local.get $row) (local.get $sign))
    (local.set $at (i32.add (global.get $squares) (i32.shl (local.get $c) (i32.const 3))))
    (f64.store (local.get $at)
      (f64.add (f64.load (local.get $at)) (f64.mul (call $distance (local.get $row) (global.get $zeros)) (local.get $sign))))
    (local.set $at (i32.add (global.get $counts) (i32.shl (local.get $c) (i32.const 3))))
    (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $sign))))

  ;; Column sum and sum of squares of (row - origin), for the variance behind the tolerance.
  (func $addColumnStats (param $row i32)
    (local $sums i32) (local $squares i32) (local $origin i32) (local $end i32) (local $end2 i32) (local $d v128) (local $x f64)
    (local.set $sums (global.get $columnSums))
    (local.set $squares (global.get $columnSquares))
    (local.set $origin (global.get $origin))
    (local.set $end (i32.add (local.get $row) (global.get $rowBytes)))
    (local.set $end2 (i32.add (local.get $row) (i32.shl (i32.and (global.get $cols) (i32.const -2)) (i32.const 3))))
    (block $done2
      (loop $two
        (br_if $done2 (i32.ge_u (local.get $row) (local.get $end2)))
        (local.set $d (f64x2.sub (v128.load align=8 (local.get $row)) (v128.load align=8 (local.get $origin))))
        (v128.store align=8 (local.get $sums) (f64x2.add (v128.load align=8 (local.get $sums)) (local.get $d)))
        (v128.store align=8 (local.get $squares)
          (f64x2.add (v128.load align=8 (local.get $squares)) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $row (i32.add (local.get $row) (i32.const 16)))
        (local.set $origin (i32.add (local.get $origin) (i32.const 16)))
        (local.set $sums (i32.add (local.get $sums) (i32.const 16)))
        (local.set $squares (i32.add (local.get $squares) (i32.const 16)))
        (br $two)))
    (if (i32.lt_u (local.get $row) (local.get $end))
      (then
        (local.set $x (f64.sub (f64.load (local.get $row)) (f64.load (local.get $origin))))
        (f64.store (local.get $sums) (f64.add (f64.load (local.get $sums)) (local.get $x)))
        (f64.store (local.get $squares) (f64.add (f64.load (local.get $squares)) (f64.mul (local.get $x) (local.get $x)))))))

  ;; PASS_INIT over the first $n rows: every row scans every centre; partial
  ;; sums (zeroed by the caller) are built from scratch; with $stats also the
  ;; column statistics. Returns the chunk's inertia.
  (func (export "initRows") (param $n i32) (param $stats i32) (result f64)
    (local $i i32) (local $row i32) (local $inertia f64)
    (local.set $row (global.get $rows))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (call $scan (local.get $row))
        (i32.store (i32.add (global.get $labels) (i32.shl (local.get $i) (i32.const 2))) (global.get $best))
        (f64.store (i32.add (global.get $upper) (i32.shl (local.get $i) (i32.const 3))) (f64.sqrt (global.get $bestDistance)))
        (f64.store (i32.add (global.get $lower) (i32.shl (local.get $i) (i32.const 3))) (f64.sqrt (global.get $secondDistance)))
        (call $moveRow (local.get $row) (global.get $best) (f64.const 1))
        (local.set $inertia (f64.add (local.get $inertia) (global.get $bestDistance)))
        (if (local.get $stats) (then (call $addColumnStats (local.get $row))))
        (local.set $row (i32.add (local.get $row) (global.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (global.set $changed (local.get $n))
    (local.get $inertia))

  ;; First half of PASS_UPDATE / PASS_FINAL over the first $n rows: moves each
  ;; row's bounds by the centres' shifts (see processChunk in
  ;; hamerly-kernel.ts for the rule and the margin) and lists, in `marked`,
  ;; the rows whose bounds no longer prove their label; only those rows need
  ;; their values in memory for checkRows. Returns how many were listed.
  (func (export "markRows") (param $n i32) (param $maxShiftCluster i32)
    (param $maxShift f64) (param $secondShift f64) (param $margin f64) (result i32)
    (local $i i32) (local $assigned i32) (local $up f64) (local $low f64) (local $bound f64) (local $count i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $assigned (i32.load (i32.add (global.get $labels) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $up
          (f64.add (f64.load (i32.add (global.get $upper) (i32.shl (local.get $i) (i32.const 3))))
                   (f64.load (i32.add (global.get $shift) (i32.shl (local.get $assigned) (i32.const 3))))))
        (local.set $low
          (f64.sub (f64.load (i32.add (global.get $lower) (i32.shl (local.get $i) (i32.const 3))))
                   (select (local.get $secondShift) (local.get $maxShift) (i32.eq (local.get $assigned) (local.get $maxShiftCluster)))))
        (local.set $bound
          (f64.mul
            (f64.max (f64.load (i32.add (global.get $halfGap) (i32.shl (local.get $assigned) (i32.const 3)))) (local.get $low))
            (local.get $margin)))
        (f64.store (i32.add (global.get $upper) (i32.shl (local.get $i) (i32.const 3))) (local.get $up))
        (f64.store (i32.add (global.get $lower) (i32.shl (local.get $i) (i32.const 3))) (local.get $low))
        (if (f64.ge (local.get $up) (local.get $bound))
          (then
            (f64.store (i32.add (global.get $bounds) (i32.shl (local.get $count) (i32.const 3))) (local.get $bound))
            (i32.store (i32.add (global.get $marked) (i32.shl (local.get $count) (i32.const 2))) (local.get $i))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $count))

  ;; Second half: for the first $count listed rows (their values copied in),
  ;; the distance to the own centre tightens the upper bound; if the bound
  ;; still fails, every centre is scanned. Rows that move update the partial
  ;; sums; how many moved is in `changed`.
  (func (export "checkRows") (param $count i32)
    (local $m i32) (local $i i32) (local $row i32) (local $assigned i32) (local $up f64) (local $bound f64) (local $changed i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $m) (local.get $count)))
        (local.set $i (i32.load (i32.add (global.get $marked) (i32.shl (local.get $m) (i32.const 2)))))
        (local.set $bound (f64.load (i32.add (global.get $bounds) (i32.shl (local.get $m) (i32.const 3)))))
        (local.set $row (i32.add (global.get $rows) (i32.mul (local.get $i) (global.get $rowBytes))))
        (local.set $assigned (i32.load (i32.add (global.get $labels) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $up
          (f64.sqrt (call $distance (local.get $row) (i32.add (global.get $centroids) (i32.mul (local.get $assigned) (global.get $rowBytes))))))
        (if (f64.ge (local.get $up) (local.get $bound))
          (then
            (call $scan (local.get $row))
            (local.set $up (f64.sqrt (global.get $bestDistance)))
            (f64.store (i32.add (global.get $lower) (i32.shl (local.get $i) (i32.const 3))) (f64.sqrt (global.get $secondDistance)))
            (if (i32.ne (global.get $best) (local.get $assigned))
              (then
                (call $moveRow (local.get $row) (local.get $assigned) (f64.const -1))
                (call $moveRow (local.get $row) (global.get $best) (f64.const 1))
                (i32.store (i32.add (global.get $labels) (i32.shl (local.get $i) (i32.const 2))) (global.get $best))
                (local.set $changed (i32.add (local.get $changed) (i32.const 1)))))))
        (f64.store (i32.add (global.get $upper) (i32.shl (local.get $i) (i32.const 3))) (local.get $up))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (br $next)))
    (global.set $changed (local.get $changed)))

  ;; PASS_FINAL's inertia: the exact squared distance of each of the first $n
  ;; rows to its centre, added in row order.
  (func (export "inertiaRows") (param $n i32) (result f64)
    (local $i i32) (local $row i32) (local $inertia f64)
    (local.set $row (global.get $rows))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $inertia
          (f64.add (local.get $inertia)
            (call $distance (local.get $row)
              (i32.add (global.get $centroids)
                (i32.mul (i32.load (i32.add (global.get $labels) (i32.shl (local.get $i) (i32.const 2)))) (global.get $rowBytes))))))
        (local.set $row (i32.add (local.get $row) (global.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $inertia))

  (func (export "configureSeeding") (param $closest i32) (param $nearer i32) (param $potentials i32)
    (global.set $closest (local.get $closest))
    (global.set $nearer (local.get $nearer))
    (global.set $potentials (local.get $potentials)))

  ;; One k-means++ step over the first $n rows for $candidates candidate
  ;; centres (in the centroids region): for candidate t and row i,
  ;; nearer[t * $stride + i] = min(closest[i], distance(row i, candidate t)),
  ;; added to potentials[t] in row order (the running sums carry over from
  ;; chunk to chunk, so they equal one sequential sum over all rows).
  (func (export "nearerRows") (param $n i32) (param $candidates i32) (param $stride i32)
    (local $i i32) (local $t i32) (local $row i32) (local $closest f64) (local $d f64) (local $at i32)
    (local.set $row (global.get $rows))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $closest (f64.load (i32.add (global.get $closest) (i32.shl (local.get $i) (i32.const 3)))))
        (call $distancesToCentres (local.get $row) (local.get $candidates))
        (local.set $t (i32.const 0))
        (block $doneCandidates
          (loop $candidate
            (br_if $doneCandidates (i32.ge_u (local.get $t) (local.get $candidates)))
            (local.set $d
              (f64.min (local.get $closest) (f64.load (i32.add (global.get $scratch) (i32.shl (local.get $t) (i32.const 3))))))
            (f64.store
              (i32.add (global.get $nearer) (i32.shl (i32.add (i32.mul (local.get $t) (local.get $stride)) (local.get $i)) (i32.const 3)))
              (local.get $d))
            (local.set $at (i32.add (global.get $potentials) (i32.shl (local.get $t) (i32.const 3))))
            (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $d)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $candidate)))
        (local.set $row (i32.add (local.get $row) (global.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  (func (export "changedRows") (result i32) (global.get $changed))
)
