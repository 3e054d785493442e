from django.shortcuts import get_object_or_404, render

from .models import Department


def department_list(request):
    return render(request, "departments/department_list.html", {"departments": Department.objects.all()})


def department_detail(request, slug):
    department = get_object_or_404(Department.objects.prefetch_related("officials"), slug=slug)
    return render(request, "departments/department_detail.html", {"department": department})
