"""The 23 universities of the network that feed students into the centre."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity, stable_id


class University(Entity):
    """A network university; its coordinators verify its students."""

    class Joined(Entity.Created):
        slug: str
        name: str
        name_ko: str

    @event(Joined)
    def __init__(self, slug: str, name: str, name_ko: str) -> None:
        self.slug, self.name, self.name_ko = slug, name, name_ko

    @classmethod
    def join(cls, slug: str, name: str, name_ko: str) -> University:
        return cls._create(cls.Joined, id=cls.id_for(slug), slug=slug, name=name, name_ko=name_ko)

    @staticmethod
    def id_for(slug: str) -> UUID:
        return stable_id("university", slug)


# Seoul-area universities with film, cinema or moving-image programmes.
NETWORK: tuple[tuple[str, str, str], ...] = (
    ("karts", "Korea National University of Arts", "한국예술종합학교"),
    ("cau", "Chung-Ang University", "중앙대학교"),
    ("dongguk", "Dongguk University", "동국대학교"),
    ("hanyang", "Hanyang University", "한양대학교"),
    ("seoularts", "Seoul Institute of the Arts", "서울예술대학교"),
    ("sejong", "Sejong University", "세종대학교"),
    ("kookmin", "Kookmin University", "국민대학교"),
    ("konkuk", "Konkuk University", "건국대학교"),
    ("smu", "Sangmyung University", "상명대학교"),
    ("dankook", "Dankook University", "단국대학교"),
    ("khu", "Kyung Hee University", "경희대학교"),
    ("hongik", "Hongik University", "홍익대학교"),
    ("sogang", "Sogang University", "서강대학교"),
    ("yonsei", "Yonsei University", "연세대학교"),
    ("korea", "Korea University", "고려대학교"),
    ("snu", "Seoul National University", "서울대학교"),
    ("ewha", "Ewha Womans University", "이화여자대학교"),
    ("skku", "Sungkyunkwan University", "성균관대학교"),
    ("kw", "Kwangwoon University", "광운대학교"),
    ("skuniv", "Seokyeong University", "서경대학교"),
    ("dongduk", "Dongduk Women's University", "동덕여자대학교"),
    ("cuk", "The Catholic University of Korea", "가톨릭대학교"),
    ("dima", "Dong-ah Institute of Media and Arts", "동아방송예술대학교"),
)
