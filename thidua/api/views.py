from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class MeSerializer(serializers.Serializer[object]):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    is_superuser = serializers.BooleanField()
    language = serializers.CharField()


class MeView(APIView):
    """The authenticated user."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        data = {
            "id": user.pk,
            "username": user.get_username(),
            "full_name": getattr(user, "display_name", ""),
            "is_superuser": user.is_superuser,
            "language": getattr(request, "LANGUAGE_CODE", ""),
        }
        return Response(MeSerializer(data).data)
