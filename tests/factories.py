"""Factories for every model the tests arrange; one per model, roles as traits of the user."""

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import Role, User
from departments.models import Department
from meetings.models import Comment, Consultation, Post, Stage, Status, SubTopic

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    real_name = factory.Sequence(lambda n: f"委员{n}")
    role = Role.PUBLIC
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MemberFactory(UserFactory):
    role = Role.MEMBER
    phone = factory.Sequence(lambda n: f"+86138{n:08d}")
    phone_verified = True  # entered by staff


class LeaderFactory(UserFactory):
    role = Role.LEADER


class StaffFactory(UserFactory):
    role = Role.STAFF
    is_staff = True
    is_superuser = True


class OfficialFactory(UserFactory):
    role = Role.OFFICIAL


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"第{n}厅")
    short_name = factory.Sequence(lambda n: f"{n}厅")
    slug = factory.Sequence(lambda n: f"department-{n}")

    @factory.post_generation
    def officials(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.officials.add(*extracted)


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A published, public consultation in its speech stage, with one sub-topic."""

    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"协商议题{n}")
    slug = factory.Sequence(lambda n: f"consultation-{n}")
    theme = "巩固拓展脱贫攻坚成果"
    organizer = "省政协农业和农村委员会"
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def with_stage_and_topic(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            StageFactory(consultation=obj)
            SubTopicFactory(consultation=obj)


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    consultation = factory.SubFactory(ConsultationFactory, with_stage_and_topic=False)
    name = "委员发言"
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    allows_speeches = True
    allows_comments = True
    allows_responses = True


class SubTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubTopic

    consultation = factory.SubFactory(ConsultationFactory, with_stage_and_topic=False)
    title = factory.Sequence(lambda n: f"子议题{n}")
    brief = "简要说明"


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    consultation = factory.SubFactory(ConsultationFactory)
    subtopic = factory.LazyAttribute(lambda post: post.consultation.subtopics.first())
    author = factory.SubFactory(MemberFactory)
    title = factory.Sequence(lambda n: f"关于防返贫监测的建议{n}")
    body = "建立**防止返贫**动态监测机制。"
    body_html = "<p>建立<strong>防止返贫</strong>动态监测机制。</p>"


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(MemberFactory)
    body = "赞同这个建议。"
    body_html = "<p>赞同这个建议。</p>"
    author_role = factory.LazyAttribute(lambda comment: comment.author.role)


# --- departments: aspects, claims, replies (H2) -------------------------------------------------
class AspectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "departments.Aspect"

    post = factory.SubFactory(PostFactory)
    title = factory.Sequence(lambda n: f"诉求{n}")
    excerpt = "加大财政投入。"


class ClaimFactory(factory.django.DjangoModelFactory):
    """An active lead claim, claimed now, due in five days (no working-day arithmetic: arrange freely)."""

    class Meta:
        model = "departments.Claim"

    aspect = factory.SubFactory(AspectFactory)
    department = factory.SubFactory(DepartmentFactory)
    role = "lead"
    state = "claimed"
    claimed_by = factory.SubFactory(OfficialFactory)
    claimed_at = factory.LazyFunction(timezone.now)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=5))


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "departments.Reply"

    claim = factory.SubFactory(ClaimFactory, state="replied")
    author = factory.LazyAttribute(lambda reply: reply.claim.claimed_by)
    body = "已纳入年度工作计划。"
    body_html = "<p>已纳入年度工作计划。</p>"
    disposition = "resolved"
