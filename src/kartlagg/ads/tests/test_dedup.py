"""Duplicate keys and MinHash signatures."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash

from kartlagg.ads import dedup

AD = (
    "QC Scientist\nAs QC Scientist you will develop and validate potency assays, qPCR and ddPCR methods for "
    "vector genome titre, and release batches under EU GMP and the ATMP guidelines. You will write SOPs and "
    "take part in regulatory inspections together with our Qualified Person. You hold a PhD or MSc "
    "in molecular "
    "biology and have experience of analytical method validation in a GMP environment. We offer a permanent "
    "position in a growing company that manufactures AAV and lentiviral vectors for gene therapy "
    "trials in Europe."
)


def test_signatures_are_datasketch_minhashes_of_the_sampled_shingles() -> None:
    ours = dedup.signatures([AD])[0]
    reference = MinHash(
        num_perm=dedup.NUM_PERM, seed=dedup.SEED, scheme="affine32", hashfunc=lambda value: value
    )
    reference.update_batch(dedup.sampled_shingles(AD).tolist())
    assert np.array_equal(ours, reference.hashvalues)


def test_a_batch_gives_each_ad_its_own_signature() -> None:
    other = "Bilmekaniker\nVi söker en bilmekaniker till vår verkstad i Borås som servar personbilar."
    together = dedup.signatures([AD, other, AD])
    alone = [dedup.signatures([text])[0] for text in (AD, other, AD)]
    assert all(np.array_equal(a, b) for a, b in zip(together, alone, strict=True))


def test_near_copies_are_close_and_other_ads_are_far() -> None:
    edited = AD.replace("in Europe.", "in Europe. Apply through our career page.")
    other = (
        "Matematiklärare\nVi söker en legitimerad matematiklärare som undervisar i vektor- och matrisräkning."
    )
    sigs = dedup.signatures([AD, edited, other])
    assert dedup.estimated_jaccard(sigs[0], sigs[1]) >= 0.8
    assert dedup.estimated_jaccard(sigs[0], sigs[2]) < 0.2


def test_text_too_short_for_a_shingle_joins_no_band() -> None:
    sigs = dedup.signatures(["GMP"])
    assert not dedup.band_keys(sigs, dedup.band_plan(0.8)).any()


def test_keys() -> None:
    assert dedup.ad_key("jobtech", "123") == dedup.ad_key("jobtech", "123") != dedup.ad_key("nav", "123")
    assert dedup.content_key("Exempel AB ", "QA", "text") == dedup.content_key("exempel  ab", "qa", "text")
    assert dedup.band_plan(0.8).bands * dedup.band_plan(0.8).rows <= dedup.NUM_PERM


def test_content_key_is_the_same_from_text_or_its_utf8_bytes() -> None:
    for text in (AD, "Renrum – klass B, 5 år", ""):
        expected = dedup.content_key("Exempel AB", "Processingenjör", text)
        assert expected == dedup._key64("exempel ab", "processingenjör", text)  # the stored definition
        assert dedup.content_key("Exempel AB", "Processingenjör", text.encode()) == expected
        framed = f" Processingenjör\n{text}".encode()
        assert dedup.content_key("Exempel AB", "Processingenjör", memoryview(framed)[18:]) == expected
