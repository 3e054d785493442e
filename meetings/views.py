from django.shortcuts import get_object_or_404, render

from . import selectors
from .models import Post


def home(request):
    return render(request, "meetings/home.html", selectors.consultations_by_phase(request.user))


def consultation_detail(request, slug):
    consultation = selectors.consultation_for(request.user, slug)
    return render(request, "meetings/consultation_detail.html", {"consultation": consultation})


def post_detail(request, slug, pk):
    consultation = selectors.consultation_for(request.user, slug)
    post = get_object_or_404(Post.objects.visible_to(request.user), consultation=consultation, pk=pk)
    return render(request, "meetings/post_detail.html", {"consultation": consultation, "post": post})
