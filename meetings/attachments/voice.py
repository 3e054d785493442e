"""ffprobe and ffmpeg (Debian's package) for voice: what a recording holds, and AAC in MP4 for every phone."""

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

TIMEOUT = 120  # seconds; a 5-minute recording transcodes in a few seconds
BITRATE = "64k"  # mono speech: clear, and about 2.4 MB for five minutes


class VoiceError(Exception):
    pass


@dataclass
class Probe:
    has_audio: bool
    has_video: bool
    duration: float


def clock(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _run(args: list[str]) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(args, capture_output=True, timeout=TIMEOUT, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise VoiceError(str(error)) from error
    if result.returncode != 0:
        raise VoiceError(result.stderr.decode(errors="replace")[-500:])
    return result


def _decoded_duration(path: Path) -> float:
    """Recordings from MediaRecorder (WebM) carry no duration: count it by reading the sound through."""
    result = _run([settings.FFMPEG_BINARY, "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0",
                   "-c", "copy", "-f", "null", "-progress", "pipe:1", "-"])
    times = [line.split("=", 1)[1] for line in result.stdout.decode().splitlines() if line.startswith("out_time_us=")]
    values = [int(t) for t in times if t.strip().lstrip("-").isdigit()]
    if not values:
        raise VoiceError("no duration")
    return max(values) / 1_000_000


def probe(path: Path) -> Probe:
    result = _run([settings.FFPROBE_BINARY, "-v", "error", "-print_format", "json", "-show_format",
                   "-show_streams", str(path)])
    try:
        data = json.loads(result.stdout)
    except ValueError as error:
        raise VoiceError("unreadable ffprobe output") from error
    streams = data.get("streams", [])
    has_audio = any(s.get("codec_type") == "audio" for s in streams)
    # cover art in an MP3 or M4A is a still picture, not a video
    has_video = any(s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")
                    for s in streams)
    try:
        duration = float(data.get("format", {}).get("duration", "nan"))
    except ValueError:
        duration = float("nan")
    if has_audio and not duration == duration:  # NaN: not in the header
        duration = _decoded_duration(path)
    return Probe(has_audio=has_audio, has_video=has_video, duration=duration if duration == duration else 0.0)


def probe_bytes(content: bytes) -> Probe:
    with tempfile.NamedTemporaryFile(suffix=".in") as source:
        source.write(content)
        source.flush()
        return probe(Path(source.name))


def transcode(content: bytes) -> tuple[bytes, float]:
    """Any recording → mono AAC in MP4 (.m4a, moov first for streaming) and its measured duration."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "source", Path(folder) / "voice.m4a"
        source.write_bytes(content)
        _run([settings.FFMPEG_BINARY, "-nostdin", "-y", "-v", "error", "-i", str(source), "-map", "0:a:0", "-vn",
              "-c:a", "aac", "-b:a", BITRATE, "-ac", "1", "-movflags", "+faststart", str(target)])
        return target.read_bytes(), probe(target).duration
