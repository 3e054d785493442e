"""One world for the permission matrix and the hostile corpus: eight people, two consultations and
every kind of object a URL can name (shown, pending and hidden content; aspects, claims, a reply; a
compiled version; a notification; a report; a personal link)."""

from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from accounts.access import issue_link
from accounts.models import Channel, Notification, Trigger
from departments.models import Aspect, Claim
from meetings.attachments import services as attachments
from meetings.attachments.validation import prepare
from meetings.invitations.services import invitation_key
from meetings.invitations.shortlinks import short_code
from meetings.models import Compilation, Post, Report
from meetings.models.consultation import ParticipationMode, Visibility
from tests import factories
from tests.attachments.files import photo, upload

# The roles of the matrix, in the order the table's compact rows use.
ROLES = ("anon", "public", "member", "other", "leader", "official", "other_official", "staff")


@dataclass
class World:
    people: dict = field(default_factory=dict)  # role -> User (anon -> None)
    objects: dict = field(default_factory=dict)  # name -> model instance or value

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError as missing:
            raise AttributeError(name) from missing


def build_world() -> World:
    member = factories.MemberFactory(username="author", real_name="作者委员")
    other = factories.MemberFactory(username="other-member", real_name="另一委员")
    leader = factories.LeaderFactory(username="leader", real_name="主席")
    public = factories.UserFactory(username="citizen", real_name="市民")
    staff = factories.StaffFactory(username="staff", real_name="工作人员")
    official = factories.OfficialFactory(username="official", real_name="民政厅联络员")
    other_official = factories.OfficialFactory(username="other-official", real_name="教育厅联络员")
    department = factories.DepartmentFactory(name="省民政厅", short_name="民政厅", slug="civil-affairs",
                                             officials=[official])
    other_department = factories.DepartmentFactory(name="省教育厅", short_name="教育厅", slug="education",
                                                   officials=[other_official])

    consultation = factories.ConsultationFactory(slug="open-meeting", public_participation=ParticipationMode.MODERATED)
    consultation.participants.add(member, other, leader)
    consultation.departments.add(department, other_department)
    invited = factories.ConsultationFactory(slug="invited-meeting", visibility=Visibility.INVITED)
    invited.participants.add(member)
    invited.departments.add(department)
    draft = factories.ConsultationFactory(slug="draft-meeting", status="draft", published_at=None)

    post = factories.PostFactory(consultation=consultation, author=member, title="发言一")
    replied_post = factories.PostFactory(consultation=consultation, author=member, title="发言二")
    unclaimed_post = factories.PostFactory(consultation=consultation, author=member, title="发言三")
    hidden_post = factories.PostFactory(consultation=consultation, author=other, title="被隐藏的发言", is_hidden=True)
    invited_post = factories.PostFactory(consultation=invited, author=member, title="受邀会议的发言")
    comment = factories.CommentFactory(post=post, author=other, body="赞同。")
    pending_comment = factories.CommentFactory(post=post, author=public, body="待审核的评论。", is_approved=False)
    hidden_comment = factories.CommentFactory(post=post, author=other, body="被隐藏的评论。", is_hidden=True)
    Post.objects.filter(pk=post.pk).update(comment_count=1)  # the counter the services keep: shown comments

    aspect = Aspect.objects.create(post=post, title=post.title, is_whole=True)
    open_claim = factories.ClaimFactory(aspect=aspect, department=department, claimed_by=official)
    replied_aspect = Aspect.objects.create(post=replied_post, title=replied_post.title, is_whole=True)
    replied_claim = factories.ClaimFactory(aspect=replied_aspect, department=department, claimed_by=official,
                                           state="replied")
    reply = factories.ReplyFactory(claim=replied_claim, author=official)
    Claim.objects.filter(pk=replied_claim.pk).update(first_replied_at=reply.created_at)

    compilation = Compilation.objects.create(consultation=consultation, format=Compilation.Format.CSV,
                                             state=Compilation.State.DONE, requested_by=staff)
    compilation.file.save(f"world-{compilation.pk}.csv", ContentFile(b"speech,author\n"), save=True)
    notification = Notification.objects.create(
        recipient=member, channel=Channel.IN_APP, trigger=Trigger.SPEECH_CLAIMED, key="world-claimed",
        subject="民政厅认领了您的发言", body="民政厅认领了您的发言。", url=post.get_absolute_url(),
        status=Notification.Status.DELIVERED)
    report = Report.objects.create(post=hidden_post, reporter=other, reason="有不当内容")
    # An invitation the leader has not answered with a speech, so staff have someone to remind.
    Notification.objects.create(
        recipient=leader, channel=Channel.IN_APP, trigger=Trigger.INVITATION, key=f"{invitation_key(consultation)}:o",
        subject="邀请", body="邀请您参加。", url=consultation.get_absolute_url(), status=Notification.Status.DELIVERED)
    link = issue_link(member, consultation.get_absolute_url(), purpose="invitation")
    picture, = attachments.store([prepare(upload("照片.jpg", photo()))], uploader=member, post=post)
    hidden_picture, = attachments.store([prepare(upload("照片.jpg", photo()))], uploader=other, post=hidden_post)
    split_post = factories.PostFactory(consultation=consultation, author=member, title="发言四")
    Aspect.objects.create(post=split_post, title="其一", order=1)
    Aspect.objects.create(post=split_post, title="其二", order=2)

    people = {"anon": None, "public": public, "member": member, "other": other, "leader": leader,
              "official": official, "other_official": other_official, "staff": staff}
    return World(people=people, objects={
        "consultation": consultation, "invited": invited, "draft": draft, "department": department,
        "other_department": other_department, "post": post, "replied_post": replied_post,
        "unclaimed_post": unclaimed_post, "hidden_post": hidden_post, "invited_post": invited_post,
        "comment": comment, "pending_comment": pending_comment, "hidden_comment": hidden_comment,
        "aspect": aspect, "open_claim": open_claim, "replied_claim": replied_claim, "reply": reply,
        "compilation": compilation, "notification": notification, "report": report,
        "link_token": link.rstrip("/").rsplit("/", 1)[-1],
        "picture": picture, "hidden_picture": hidden_picture, "split_post": split_post,
        "short_code": short_code(consultation),
    })
