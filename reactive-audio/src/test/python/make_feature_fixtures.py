#!/usr/bin/env python3
"""Writes the torchaudio reference fixtures of the spectral feature tests.

Run with Debian's Python (torch and torchaudio), from anywhere:

    /usr/bin/python3 reactive-audio/src/test/python/make_feature_fixtures.py

It writes small .npy files to reactive-audio/src/test/resources/features/ (listed in
fixtures.txt there), every reference computed in float64 (torch default dtype float64, so the
windows, filter banks and DCT matrices are float64 too) from one deterministic signal stored as
signal.npy (float32; the references are computed from exactly those float32 values):

    0.5 s at 16 kHz: 0.4 * linear chirp 150 Hz -> 7000 Hz (cosine, phase 0)
    + Gaussian noise, sigma 0.02 (numpy default_rng(20261202)),
    samples 6400..7199 set to exactly 0 (digital silence, for amin and top_db).

Arrays are [bins, frames] like torchaudio. Power spectra are stored as float32 to keep the
fixtures small (the tests compare them within 1e-5 of the array maximum); everything else is float64.
"""
import math
from pathlib import Path

import numpy as np
import torch
import torchaudio.functional as AF
import torchaudio.transforms as T

SR = 16000
HOP = 160
OUT = Path(__file__).resolve().parents[1] / "resources" / "features"


def signal():
    n = SR // 2
    t = np.arange(n) / SR
    f0, f1, dur = 150.0, 7000.0, n / SR
    phase = 2 * math.pi * (f0 * t + (f1 - f0) / (2 * dur) * t * t)
    x = 0.4 * np.cos(phase) + np.random.default_rng(20261202).normal(0.0, 0.02, n)
    x[6400:7200] = 0.0
    return x.astype(np.float32)


def save(name, array, dtype=np.float64):
    np.save(OUT / f"{name}.npy", np.ascontiguousarray(np.asarray(array, dtype=dtype)))
    return name


def main():
    torch.set_default_dtype(torch.float64)
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.npy"):
        old.unlink()
    names = []
    x32 = signal()
    names.append(save("signal", x32, np.float32))
    x = torch.from_numpy(x32.astype(np.float64))

    # filter banks: n_fft 400 (201 bins), 40 mels from 20 to 7600 Hz, all four scale x norm combos
    for scale in ("htk", "slaney"):
        for norm in (None, "slaney"):
            fb = AF.melscale_fbanks(201, 20.0, 7600.0, 40, SR, norm=norm, mel_scale=scale)
            names.append(save(f"fbank_n400_m40_{scale}_{norm or 'none'}", fb))

    # power spectra and mel spectrograms: n_fft x center, hop 160, with a filter bank per n_fft
    mels = {400: ("htk", None, 40), 512: ("slaney", "slaney", 64), 1024: ("htk", "slaney", 80),
            2048: ("slaney", None, 80)}
    for n_fft, (scale, norm, n_mels) in mels.items():
        for center in (True, False):
            c = int(center)
            spec = T.Spectrogram(n_fft=n_fft, hop_length=HOP, center=center, power=2.0)(x)
            names.append(save(f"power_n{n_fft}_c{c}", spec, np.float32))
            mel = T.MelSpectrogram(sample_rate=SR, n_fft=n_fft, hop_length=HOP, center=center, n_mels=n_mels,
                                   norm=norm, mel_scale=scale)(x)
            names.append(save(f"mel_n{n_fft}_c{c}_m{n_mels}_{scale}_{norm or 'none'}", mel))

    # a magnitude spectrogram with a short window, edge padding and window normalization
    spec = T.Spectrogram(n_fft=512, win_length=400, hop_length=HOP, pad_mode="replicate", normalized=True,
                         power=1.0)(x)
    names.append(save("magnitude_n512_w400_edge_normalized", spec, np.float32))

    # log-mel: power mel to dB with top_db 80 over the clip
    for n_fft, scale, norm in ((1024, "htk", None), (512, "slaney", "slaney")):
        mel = T.MelSpectrogram(sample_rate=SR, n_fft=n_fft, hop_length=HOP, n_mels=80, norm=norm,
                               mel_scale=scale)(x)
        db = T.AmplitudeToDB("power", top_db=80.0)(mel)
        names.append(save(f"logmel_n{n_fft}_m80_{scale}_{norm or 'none'}_top80", db))

    # Whisper's log-mel, as speech_peer.py and Whisper compute it (without Whisper's dropped last frame):
    # n_fft 400, hop 160, 80 mels, log10 floored at 1e-10, raised to the clip's max - 8, then (m + 4) / 4
    mel = T.MelSpectrogram(sample_rate=SR, n_fft=400, hop_length=HOP, n_mels=80)(x)
    m = torch.clamp(mel, min=1e-10).log10()
    m = torch.maximum(m, m.max() - 8.0)
    names.append(save("whisper_logmel_n400_m80", (m + 4.0) / 4.0))

    # MFCC (DCT-II ortho): 13 from 40 mels (n_fft 400) in dB and with log_mels, 40 from 80 mels (n_fft 1024)
    mfcc13 = T.MFCC(sample_rate=SR, n_mfcc=13, norm="ortho",
                    melkwargs=dict(n_fft=400, hop_length=HOP, n_mels=40))(x)
    names.append(save("mfcc13_n400_m40", mfcc13))
    names.append(save("mfcc13_n400_m40_logmels", T.MFCC(sample_rate=SR, n_mfcc=13, norm="ortho", log_mels=True,
                                                         melkwargs=dict(n_fft=400, hop_length=HOP, n_mels=40))(x)))
    names.append(save("mfcc40_n1024_m80_slaney_slaney", T.MFCC(
        sample_rate=SR, n_mfcc=40, norm="ortho",
        melkwargs=dict(n_fft=1024, hop_length=HOP, n_mels=80, norm="slaney", mel_scale="slaney"))(x)))

    # deltas of the 13 MFCCs: win_length 5 (default) and 9, replicate padding
    names.append(save("deltas_w5_mfcc13_n400_m40", AF.compute_deltas(mfcc13, win_length=5)))
    names.append(save("deltas_w9_mfcc13_n400_m40", AF.compute_deltas(mfcc13, win_length=9)))

    (OUT / "fixtures.txt").write_text("\n".join(names) + "\n")
    total = sum((OUT / f"{n}.npy").stat().st_size for n in names)
    print(f"wrote {len(names)} arrays, {total / 1e6:.2f} MB, to {OUT}")


if __name__ == "__main__":
    main()
