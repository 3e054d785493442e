"""Uploads from a phone: a 5 MB photo and a 2-minute voice recording, posted with a speech.

Request time is the whole POST through Django's WSGI handler (multipart parsing, type sniffing,
Pillow re-encoding and thumbnail for the photo, ffprobe for the voice, storing, the speech's
transaction), measured with Django's test client in a child process on a SQLite bench database and
local-disk attachments. The voice transcode (ffmpeg → AAC in MP4) is the Celery task's work,
measured apart. Each figure is the median of RUNS runs.

Run: `python bench/run.py bench_uploads` (BENCH_UPLOAD_RUNS to change the number of runs).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TITLE = "Uploads: a 5 MB phone photo and a 2-minute voice recording"
RUNS = int(os.environ.get("BENCH_UPLOAD_RUNS", "5"))


def child() -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consultation.settings")
    import django

    django.setup()
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import Role, User
    from meetings.attachments import services as attachment_services
    from meetings.attachments import validation
    from meetings.models import Attachment, Consultation, Stage, Status, SubTopic
    from tests.attachments import files

    attachment_services._enqueue_transcode = lambda pk: None  # the task is measured on its own below
    now = timezone.now()
    member, _ = User.objects.get_or_create(username="bench-uploader", defaults={"role": Role.MEMBER, "password": "!"})
    consultation, created = Consultation.objects.get_or_create(
        slug="bench-uploads", defaults={"title": "上传测试", "organizer": "委员会", "status": Status.PUBLISHED,
                                        "published_at": now})
    if created:
        Stage.objects.create(consultation=consultation, name="发言", starts_at=now - timedelta(days=1),
                             ends_at=now + timedelta(days=3650), allows_speeches=True, allows_comments=True)
        SubTopic.objects.create(consultation=consultation, title="子议题")
    subtopic = consultation.subtopics.first()
    client = Client()
    client.force_login(member)
    url = reverse("meetings:post_create", args=[consultation.slug])

    photo = files.big_photo(5)
    voice = files.ffmpeg("-f", "lavfi", "-i", "sine=frequency=300:duration=120", "-f", "lavfi", "-i",
                         "anoisesrc=duration=120:amplitude=0.05", "-filter_complex", "amix=inputs=2",
                         "-c:a", "libopus", "-b:a", "32k", suffix="webm")  # as Chrome's MediaRecorder sends it

    def post(name, content) -> float:
        started = time.perf_counter()
        response = client.post(url, {"subtopic": subtopic.pk, "title": "带附件的发言", "body": "正文",
                                     "files": [SimpleUploadedFile(name, content)]})
        elapsed = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        return elapsed

    photo_requests = [post("IMG_0001.JPG", photo) for _ in range(RUNS)]
    photo_encode = []
    for _ in range(RUNS):
        started = time.perf_counter()
        validation.prepare(SimpleUploadedFile("IMG_0001.JPG", photo))
        photo_encode.append(time.perf_counter() - started)
    voice_requests = [post("voice.webm", voice) for _ in range(RUNS)]
    transcodes = []
    for attachment in Attachment.objects.filter(kind="voice", state="processing").order_by("-pk")[:RUNS]:
        started = time.perf_counter()
        done = attachment_services.transcode(attachment.pk)
        transcodes.append(time.perf_counter() - started)
    last_photo = Attachment.objects.filter(kind="picture").latest("pk")
    return {
        "photo_bytes": len(photo), "photo_stored": last_photo.size, "photo_thumbnail": last_photo.thumbnail.size,
        "photo_size": f"{last_photo.width}×{last_photo.height}",
        "photo_request": statistics.median(photo_requests), "photo_encode": statistics.median(photo_encode),
        "voice_bytes": len(voice), "voice_request": statistics.median(voice_requests),
        "transcode": statistics.median(transcodes), "playable_bytes": done.playable.size,
        "duration": done.duration,
    }


def run() -> str:
    db_path = ROOT / "bench-uploads.sqlite3"
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}", "ATTACHMENTS_ROOT": folder,
               "LOG_LEVEL": "WARNING"}
        env.pop("REDIS_URL", None)
        env.pop("AWS_STORAGE_BUCKET_NAME", None)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        out = subprocess.run([sys.executable, __file__, "--child"], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout
    db_path.unlink(missing_ok=True)
    load = max(load_before, os.getloadavg()[0])
    r = json.loads(out.strip().splitlines()[-1])
    mb = lambda n: f"{n / 2**20:.1f} MB"  # noqa: E731
    ms = lambda seconds: f"{seconds * 1000:.0f} ms"  # noqa: E731
    photo_work = (f"re-encode + thumbnail {ms(r['photo_encode'])} (stored {r['photo_size']}, "
                  f"{mb(r['photo_stored'])}; thumbnail {r['photo_thumbnail'] / 1024:.0f} KB)")
    voice_task = (f"transcode to AAC/MP4 {ms(r['transcode'])} → {mb(r['playable_bytes'])}, "
                  f"{r['duration']:.1f} s measured")
    rows = [
        ("phone photo, 4032×3024 JPEG", mb(r["photo_bytes"]), ms(r["photo_request"]), photo_work, "—"),
        ("voice, 2 min Opus/WebM (Chrome)", mb(r["voice_bytes"]), ms(r["voice_request"]),
         "ffprobe (WebM has no duration in its header: counted through)", voice_task),
    ]
    table = "\n".join("| " + " | ".join(row) + " |" for row in rows)
    return f"""
Median of {RUNS} runs each; Django's WSGI handler in-process (test client), SQLite, attachments on local disk,
the transcode task run apart (with Redis it runs in a worker, after the request has answered).
Load average up to {load:.1f} during the run (on {os.cpu_count()} cores: other work shared the machine).

| upload | file | request time (upload → stored) | processing inside the request | task after the request |
|---|---|---|---|---|
{table}
"""

if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(child()))
    else:
        print(run())
