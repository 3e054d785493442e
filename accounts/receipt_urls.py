from django.urls import path

from . import receipt_views

app_name = "receipts"
urlpatterns = [
    path("receipts/<str:provider>/<str:token>/", receipt_views.delivery_receipt, name="delivery_receipt"),
]
