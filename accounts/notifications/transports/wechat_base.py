"""What WeCom and the WeChat official account share: an access token cached until shortly before it
expires (in the shared cache, so every worker uses the same one), refreshed when the API says so."""

from django.core.cache import cache

from .base import Result
from .http import MaybeSent, NotSent, call_provider, request

TOKEN_INVALID = {40001, 40014, 42001}  # invalid credential, invalid token, token expired
RETRYABLE = {-1, 45009, 45033, 45047}  # system busy, frequency limits
MARGIN_SECONDS = 300


class TokenError(Exception):
    def __init__(self, result: Result):
        super().__init__(result.error)
        self.result = result


class AccessTokenMixin:
    token_cache_key = ""

    def token_url_and_params(self) -> tuple[str, dict]:
        raise NotImplementedError

    def access_token(self, refresh: bool = False) -> str:
        if not refresh and (token := cache.get(self.token_cache_key)):
            return token
        url, params = self.token_url_and_params()
        try:
            response = request("GET", url, params=params)
        except (NotSent, MaybeSent) as error:
            raise TokenError(Result.retry(f"token: {error}")) from error  # no message went out either way
        try:
            answer = response.json()
        except ValueError as error:
            raise TokenError(Result.retry(f"token: HTTP {response.status_code}")) from error
        if not answer.get("access_token"):
            code = answer.get("errcode")
            text = f"token {code}: {answer.get('errmsg', '')}"
            raise TokenError(Result.retry(text) if code in RETRYABLE else Result.failed(text))
        expires_in = int(answer.get("expires_in") or 7200)
        cache.set(self.token_cache_key, answer["access_token"], timeout=max(60, expires_in - MARGIN_SECONDS))
        return answer["access_token"]

    def post_with_token(self, url: str, payload: dict) -> Result | dict:
        """POST `payload` with a cached token; refresh it once if the API says it is stale."""
        for attempt in (1, 2):
            try:
                token = self.access_token(refresh=attempt == 2)
            except TokenError as error:
                return error.result
            response, ended = call_provider("POST", url, gateway_errors=False,
                                            params={"access_token": token}, json=payload)
            if ended:
                return ended
            try:
                answer = response.json()
            except ValueError:
                return Result.unknown(f"HTTP {response.status_code}: not JSON")
            if answer.get("errcode") in TOKEN_INVALID and attempt == 1:
                cache.delete(self.token_cache_key)
                continue
            return answer
        return Result.retry("access token refused twice")

    @staticmethod
    def result_of(answer: dict) -> Result:
        code = answer.get("errcode", 0)
        text = f"{code}: {answer.get('errmsg', '')}"
        if code in RETRYABLE or code in TOKEN_INVALID:
            return Result.retry(text)
        return Result.failed(text)
