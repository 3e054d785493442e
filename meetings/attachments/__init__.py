"""Attachments (附件) of speeches, comments and department responses: pictures, documents, voice.

`validation` sniffs and re-encodes what people upload, `voice` wraps ffmpeg/ffprobe, `services`
stores files, `tasks` transcodes voice, `views` serve files to those who may see them.
"""
