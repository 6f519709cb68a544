from django.views.decorators import csrf
from django.views.decorators.csrf import csrf_exempt, csrf_protect


# ruleid: django-csrf-exempt
@csrf_exempt
def transfer(request):
    return do_transfer(request.POST)


# ruleid: django-csrf-exempt
@csrf.csrf_exempt
def webhook(request):
    return ok()


# ok: django-csrf-exempt
@csrf_protect
def profile(request):
    return render(request)


# ok: django-csrf-exempt
@login_required
def settings(request):
    return render(request)
