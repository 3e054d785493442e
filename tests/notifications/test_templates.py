"""Message templates as the providers approve them: fitting values to typed variables, and
`manage.py check` naming what is wrong in the configuration."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from accounts.checks import notification_templates
from accounts.notifications import sms_templates
from accounts.notifications.fitting import fit, has_link
from accounts.notifications.transports import wechat_mp

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
LONG_TITLE = "关于推进城乡社区治理现代化和基层协商民主建设的协商议题"


# --- fitting values to kinds ----------------------------------------------------------------------
def test_a_long_title_is_cut_to_the_limit_with_an_ellipsis_that_counts():
    for limit in (6, 12, 20):
        value = fit(LONG_TITLE, "text", limit)
        assert len(value) == limit and value.endswith("…") and LONG_TITLE.startswith(value[:-1])


def test_a_title_that_fits_is_left_whole():
    assert fit("乡村振兴", "thing", 20) == "乡村振兴"


def test_line_breaks_and_control_characters_become_one_line():
    assert fit("第一行\n第二行\t\u200b第三行", "thing", 20) == "第一行 第二行 第三行"


@pytest.mark.parametrize("title", ["详见 https://evil.example.com/x 的议题", "访问 www.xieshang.cn 参加",
                                   "见 gov.cn/a 通知"])
def test_links_are_taken_out_of_text_variables(title):
    assert not has_link(fit(title, "text", 35))


def test_names_and_status_words_are_cut_without_an_ellipsis():
    assert fit("欧阳诸葛长名字委员会委员", "name", 10) == "欧阳诸葛长名字委员会"
    assert fit("待参加协商会", "phrase", 5) == "待参加协商"


def test_a_time_is_rendered_in_the_longest_form_that_fits():
    moment = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=SHANGHAI)
    assert fit(moment, "time", None) == "2026年12月01日 09:30"
    assert fit(moment, "time", 12) == "12月01日09:30"
    assert fit(moment, "time", 6) == "12月01日"


def test_signature_brackets_never_reach_a_variable():
    assert fit("【通知】议题", "others", 35) == "[通知]议题"


# --- the SMS template configuration ---------------------------------------------------------------
def tencent(**templates):
    return {"text_length": 12, "templates": {"default": {"id": "1", "variables": ["title:text", "time:time"]},
                                              "sign_in_code": {"id": "3", "variables": ["sign_in_code:number"]},
                                              **templates}}


def aliyun(variables, **extra):
    return {"templates": {"default": {"id": "SMS_1", "variables": variables},
                          "sign_in_code": {"id": "SMS_3", "variables": ["code=sign_in_code:number"]}}, **extra}


def test_a_sound_configuration_has_no_problems():
    assert sms_templates.problems("tencent", tencent()) == []
    assert sms_templates.problems("aliyun", aliyun(["title=title:others", "when=deadline:time:20"])) == []


@pytest.mark.parametrize(("provider", "config", "expected"), [
    ("tencent", {"templates": {}}, "no default template configured"),
    ("tencent", tencent(default={"id": "", "variables": ["title"]}), "template 'default' has no template id"),
    ("tencent", tencent(default={"id": "1", "variables": ["title:text", "link"]}), "unknown field 'link'"),
    ("tencent", tencent(default={"id": "1", "variables": ["title:colour"]}), "unknown kind 'colour'"),
    ("tencent", tencent(default={"id": "1", "variables": ["code:link"]}), "Tencent Cloud refuses links in variables"),
    ("tencent", tencent(default={"id": "1", "variables": ["title:text:20"]}), "limit 20 is outside 1…12"),
    ("tencent", tencent(default={"id": "1", "variables": ["2=title:text"]}), "Tencent variables are positional"),
    ("tencent", tencent(default={"id": "1", "variables": ["title:text:x y"]}), "cannot read variable"),
    ("tencent", tencent(default={"id": "1", "variables": ["title:text"] * 11}), "has 11 variables; at most 10"),
    ("tencent", tencent(default={"id": "1", "variables": ["deadline:number"]}), "cannot fill a number variable"),
    ("aliyun", aliyun(["code=code:link"]), "a link variable needs a template approved with one"),
    ("aliyun", aliyun(["title=title:others:40"]), "limit 40 is outside 1…35"),
    ("aliyun", aliyun(["title=status:name"]), "field 'status' cannot fill a name variable"),
    ("aliyun", aliyun(["mobile=title:others"]), "Alibaba variable names start with a letter"),
    ("aliyun", aliyun(["t=title:others", "t=name:name"]), "names a variable twice"),
])
def test_each_configuration_problem_is_named(provider, config, expected):
    assert any(expected in problem for problem in sms_templates.problems(provider, config)), \
        sms_templates.problems(provider, config)


def test_tencent_text_length_follows_the_account():
    six = {**tencent(default={"id": "1", "variables": ["title:text:12"]}), "text_length": 6}
    assert "limit 12 is outside 1…6" in sms_templates.problems("tencent", six)[0]


def test_an_approved_link_variable_carries_the_short_code():
    config = aliyun(["title=title:others", "code=code:link"], link_approved=True)
    assert sms_templates.problems("aliyun", config) == []


def test_an_unset_trigger_template_falls_back_to_the_default():
    config = tencent(invitation={"id": "", "variables": ["name:text"]})
    assert sms_templates.problems("tencent", config) == []
    assert sms_templates.chosen("tencent", config, "invitation")[0] == "1"


# --- the official account keys ----------------------------------------------------------------------
def mp(keys, template_id="T1"):
    return {"templates": {"default": {"id": template_id, "keys": keys}}}


@pytest.mark.parametrize(("keys", "expected"), [
    (["first=title"], "unknown key 'first'"),
    (["keyword1=title"], "unknown key 'keyword1'"),
    (["thing1=link"], "unknown field 'link'"),
    (["time2=title"], "field 'title' cannot fill a time key"),
    (["phrase3=title"], "field 'title' cannot fill a phrase key"),
    ([f"thing{n}=title" for n in range(1, 7)], "has 6 keys; a template has 1 to 5"),
    ([], "has 0 keys"),
])
def test_each_official_account_key_problem_is_named(keys, expected):
    assert any(expected in problem for problem in wechat_mp.problems(mp(keys)))


def test_an_official_account_template_without_id_is_named():
    assert wechat_mp.problems(mp(["thing1=title"], template_id="")) == ["template 'default' has no template id"]


# --- manage.py check ------------------------------------------------------------------------------
def test_check_is_silent_with_the_console_transports(settings):
    settings.NOTIFY_TRANSPORTS = {"email": "email", "sms": "console", "wechat": "console"}
    assert notification_templates() == []


def test_check_names_a_tencent_template_with_a_link_variable(settings):
    settings.NOTIFY_TRANSPORTS = {**settings.NOTIFY_TRANSPORTS, "sms": "tencent"}
    settings.NOTIFY_PROVIDERS = {**settings.NOTIFY_PROVIDERS,
                                 "tencent": tencent(default={"id": "1", "variables": ["title", "link"]})}
    [error] = notification_templates()
    assert error.id == "accounts.E101" and "unknown field 'link'" in error.msg and "TENCENT_SMS" in error.hint
    with pytest.raises(SystemCheckError, match="accounts.E101"):
        call_command("check")


def test_check_names_official_account_problems(settings):
    settings.NOTIFY_TRANSPORTS = {**settings.NOTIFY_TRANSPORTS, "wechat": "wechat_mp"}
    settings.NOTIFY_PROVIDERS = {**settings.NOTIFY_PROVIDERS, "wechat_mp": mp(["first=title", "thing1=title"])}
    [error] = notification_templates()
    assert error.id == "accounts.E102" and "unknown key 'first'" in error.msg


def test_check_names_a_missing_sign_in_code_template(settings):
    settings.NOTIFY_TRANSPORTS = {**settings.NOTIFY_TRANSPORTS, "sms": "tencent"}
    settings.NOTIFY_PROVIDERS = {**settings.NOTIFY_PROVIDERS, "tencent": tencent(sign_in_code=None)}
    [error] = notification_templates()
    assert error.id == "accounts.E103" and "'sign_in_code' has no template id" in error.msg
    settings.NOTIFY_PROVIDERS = {**settings.NOTIFY_PROVIDERS,
                                 "tencent": tencent(sign_in_code={"id": "3", "variables": ["title:text"]})}
    [error] = notification_templates()
    assert error.id == "accounts.E103" and "no variable for the code" in error.msg


def test_check_passes_for_a_sound_provider_configuration(settings):
    settings.NOTIFY_TRANSPORTS = {**settings.NOTIFY_TRANSPORTS, "sms": "aliyun"}
    settings.NOTIFY_PROVIDERS = {**settings.NOTIFY_PROVIDERS, "aliyun": aliyun(["title=title:others"])}
    assert notification_templates() == []
    call_command("check")



def test_the_environment_variables_configure_the_same_templates():
    """What an operator exports (docs/NOTIFICATIONS.md) is what settings read: a worker sees the same templates."""
    import os
    import subprocess
    import sys

    from tests.fakes import FakeAliyunSms, FakeTencentSms, FakeWeChatMP
    from tests.fakes.worker import ROOT, provider_env

    expected, env = {}, {**os.environ, "DJANGO_SETTINGS_MODULE": "consultation.settings"}
    for name, fake_class in (("aliyun", FakeAliyunSms), ("tencent", FakeTencentSms), ("wechat_mp", FakeWeChatMP)):
        with fake_class() as fake:
            expected[name] = fake.settings()["templates"]
            env |= provider_env("sms", name, fake.settings())
    script = ("import json, django; django.setup(); from django.conf import settings; print(json.dumps("
              "{k: v['templates'] for k, v in settings.NOTIFY_PROVIDERS.items() if 'templates' in v}))")
    read = json.loads(subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True,
                                     text=True, check=True).stdout)
    assert read == expected
