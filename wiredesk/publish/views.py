from django.http import HttpResponse


def front(request):
    return HttpResponse("wiredesk")
