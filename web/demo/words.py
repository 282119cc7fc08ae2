"""The demo's vocabulary: names, crafts, titles, loglines, trainings and studios it draws from."""

from __future__ import annotations

FAMILY = ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han",
          "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong", "Jeon", "Go", "Moon")
GIVEN = ("Min-jun", "Seo-yeon", "Ji-hoon", "Ha-eun", "Do-yun", "Ji-woo", "Seo-jun", "Soo-ah",
         "Ye-jun", "Ji-min", "Hyun-woo", "Chae-won", "Joon-young", "Yu-na", "Tae-yang", "Da-eun",
         "Sung-min", "Eun-ji", "Jae-won", "Na-rae", "Woo-jin", "So-yeon", "Dong-hyun", "Hye-jin")
CREW_CRAFTS = {
    "cinematographer": ["cinematography", "lighting", "camera operation"],
    "editor": ["editing", "ai editing", "colour"],
    "sound designer": ["sound design", "location sound", "mixing"],
    "composer": ["composition", "scoring"],
    "producer": ["producing", "budgeting", "scheduling"],
    "vfx artist": ["vfx", "generative previsualisation", "compositing"],
    "production designer": ["production design", "art direction"],
    "writer": ["screenwriting", "story editing"],
}
GENRES = ("drama", "thriller", "comedy", "documentary", "horror", "romance", "science fiction",
          "animation", "family", "crime", "music", "experimental")
WORDS_A = ("Night", "Winter", "Last", "Paper", "Neon", "Quiet", "Salt", "Glass", "Han River",
           "Midnight", "Borrowed", "Blue", "Second", "Hidden", "Rooftop", "Small", "Long")
WORDS_B = ("Bus", "Harbour", "Letters", "Garden", "Station", "Summer", "Signal", "Alley",
           "Tide", "Apartment", "Promise", "Market", "Lights", "Rehearsal", "Kitchen", "Ferry")
LOGLINES = (
    "A {a} and a {b} cross Seoul in one night and learn what they owe each other.",
    "When the {b} closes for good, a {a} records the last week of its regulars.",
    "A {a} inherits a {b} and the debts that come with it.",
    "Two {a}s rehearse a play that nobody will see, in a {b} that is about to be torn down.",
)
PEOPLE = ("driver", "runaway", "grandmother", "courier", "student", "diver", "projectionist",
          "street vendor", "night nurse", "rapper", "translator", "taxi dispatcher")
PLACES = ("noodle shop", "bathhouse", "ferry", "karaoke room", "rooftop garden", "video store",
          "printing house", "fish market stall", "cinema", "laundromat")
TRAININGS = (
    ("AI-assisted editing", "ai editing"),
    ("Generative previsualisation", "generative previsualisation"),
    ("AI dubbing and subtitling", "ai dubbing"),
    ("Colour grading with machine assists", "colour"),
)
STUDIOS = (
    ("Hanbit Pictures", "studio"),
    ("Mapo Film Company", "production_company"),
    ("Seoul Arthouse Distribution", "distributor"),
    ("Stream K", "streamer"),
    ("Blue Tide Productions", "production_company"),
    ("Namsan Studio", "studio"),
    ("Ferry Films", "distributor"),
    ("Onda Media", "streamer"),
)
OPPORTUNITY_TITLES = {
    "call_for_pitches": "Open call: short films about the city at night",
    "co_production": "Co-production slate for first features",
    "distribution": "Festival and streaming distribution for finished shorts",
    "hiring": "Assistant editor, three months",
}
