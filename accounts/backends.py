from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from .phones import normalize_phone


class PhoneNumberBackend(ModelBackend):
    """Signs a person in by phone number + password: the login box takes a phone number too. Only a
    verified number counts: one typed at sign-up and never confirmed signs nobody in."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        try:
            phone = normalize_phone(username)
        except ValidationError:
            return None
        user = get_user_model()._default_manager.filter(phone=phone, phone_verified=True).first()
        if user and user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
