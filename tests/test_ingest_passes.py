"""Each pass of the dump cleaner on its own, on small hand-made inputs."""

from __future__ import annotations

import codecs
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import markdown
import pytest
from hypothesis import example, given, settings, strategies as st
from lxml import html as lxml_html

from site_gen.ingest import body, dates, lang, mdtext, meta, source
from site_gen.ingest.clean import Extracted, clean_text
from site_gen.ingest.decode import NotText, decode_bytes
from site_gen.ingest.dump import NoArticle, lift_header, split_dump, unescape_entities, unfold
from site_gen.ingest.mdfile import body_markdown, escape_paragraph, is_hand_edited, seal
from tests.conftest import REPO

# -- decode ---------------------------------------------------------------------------------------

TEXT = "Mayor’s plan – café opens\nSecond line\n"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),
    TEXT.encode("utf-16-le"),
    TEXT.encode("utf-16-be"),
    TEXT.encode("cp1252"),
    TEXT.replace("\n", "\r\n").encode("utf-8"),
])
def test_decode_reads_every_encoding_a_scraper_writes(data):
    assert decode_bytes(data) == TEXT


def test_decode_repairs_mojibake():
    assert decode_bytes("The Mayorâ€™s café".encode("utf-8")) == "The Mayor’s café"


def test_decode_keeps_entities_and_quotes_as_written():
    text = "“Quoted” &lt;script&gt; ｆｕｌｌ"
    assert decode_bytes(text.encode("utf-8")) == text


def test_decode_refuses_binary():
    with pytest.raises(NotText, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)


def test_decode_drops_control_characters():
    assert decode_bytes(b"Head\x07line\x1b\n") == "Headline\n"


# -- dump -----------------------------------------------------------------------------------------

def test_split_dump_takes_headline_blocks_and_url_and_drops_the_trailer():
    d = split_dump("Headline here\n\nBlock one\n\nBlock two\nsame block\n\n"
                   "Content retrieved from: https://news.example/a/1.\n\nAbout The Author\n")
    assert d.title == "Headline here"
    assert d.blocks == ("Block one", "Block two\nsame block")
    assert d.source_url == "https://news.example/a/1"


def test_a_url_wrapped_onto_the_line_after_the_trailer_label_is_still_the_source():
    d = split_dump("Headline here\n\nBlock one\n\nContent retrieved from:\nhttps://news.example/a/1.\n")
    assert d.blocks == ("Block one",) and d.source_url == "https://news.example/a/1"


LINES = ["The council approved the budget for the coming year after a long session on Monday.",
         "Opposition members walked out before the vote, saying the plan ignored rural districts."]


@pytest.mark.parametrize("block, blocks", [
    # a block a line (a page's innerText): two or more lines that are sentences of their own
    ("\n".join(["NEWS", *LINES, "A+A-"]), ["NEWS", *LINES, "A+A-"]),
    ("市长宣布新桥将于秋季通车，通行将免费。\n河东镇的居民等待这座跨河新桥已近十年之久。", ["市长宣布新桥将于秋季通车，通行将免费。",
                                                      "河东镇的居民等待这座跨河新桥已近十年之久。"]),
    # a brief: one paragraph and the short lines about it
    ("LOCAL\nBy Ruth Ambermoor\nMarch 3, 2025\n" + LINES[0], ["LOCAL", "By Ruth Ambermoor", "March 3, 2025", LINES[0]]),
    # a menu, share buttons: three or more lines, half of them a word or two or known furniture
    ("Home\nNews\nSport\nShare on Facebook", ["Home", "News", "Sport", "Share on Facebook"]),
    # one paragraph wrapped at a fixed width: its lines joined
    ("The council approved the budget for the coming year after a long\nsession on Monday, and the "
     "opposition walked out before the vote,\nsaying the plan ignored rural districts.",
     ["The council approved the budget for the coming year after a long session on Monday, and the "
      "opposition walked out before the vote, saying the plan ignored rural districts."]),
    ("    The council approved the budget for the coming year after a long\nsession on Monday, and the "
     "opposition walked out before the vote,\nsaying the plan ignored rural districts.",  # a first-line indent
     ["The council approved the budget for the coming year after a long session on Monday, and the "
      "opposition walked out before the vote, saying the plan ignored rural districts."]),
    ("The council approved the budget for the coming year after a long and well-\nattended session on "
     "Monday, and the opposition walked out before the\nvote, saying the plan ignored rural districts.",
     ["The council approved the budget for the coming year after a long and well-attended session on "
      "Monday, and the opposition walked out before the vote, saying the plan ignored rural districts."]),
    # kept as they are: verse, an address, code indented further after its first line, two short lines
    ("Roses by the harbour wall,\nboats that rock and gulls that call", None),
    ("12 Harbour Road\nPort Wendle", None),
    ("budget = plans[year] + loans[year] + grants[year] + funds[year]\n"
     "    + reserves[year] + transfers[year] + other[year] + spare[year]\n    - debts[year]", None),
])
def test_a_block_of_several_lines_is_split_joined_or_kept_by_its_shape(block, blocks):
    assert unfold(block) == (blocks if blocks is not None else [block])


@pytest.mark.parametrize("text, markdown", [
    ("# Ferry terminal opens\n\nThe [harbour council](https://news.example/council) said on Monday.\n", True),
    ("Ferry terminal opens\n\n[Home](/) | [Local](/local/)\n\nThe council said on Monday.\n", True),
    ("Ferry terminal opens\n\n![Quay](https://news.example/q.jpg)\n\n**PORT WENDLE** - The [council](/c) said.\n",
     True),
    # plain text that only looks a little like it: brackets, a hashtag, stars
    ("Ferry terminal opens\n\nThe council [of Port Wendle] said (on Monday) it would open.\n", False),
    ("#FerryStrike trends again\n\nThe unions said * the talks * would go on.\n", False),
    ("Ferry terminal opens\n\nThe council said **on Monday** that it would open.\n", False),
])
def test_a_dump_written_in_markdown_is_known_by_its_links_or_its_headline(text, markdown):
    assert mdtext.is_markdown(text) is markdown
    assert (mdtext.as_text_dump(text) == text) is not markdown


@pytest.mark.parametrize("text, plain", [
    ("Council&#8217;s plan &amp; budget &ndash; &euro;45&nbsp;million &#x201C;now&#X201D;",
     "Council’s plan & budget – €45\u00a0million “now”"),
    ("R&D and Q&A; Tom&paragraph &amp &notanentity; AT&T", "R&D and Q&A; Tom&paragraph &amp &notanentity; AT&T"),
    ("a &lt;script&gt; tag", "a <script> tag"),  # text still: the article escapes it as it does any "<"
])
def test_html_character_references_left_in_a_dump_are_the_characters(text, plain):
    assert unescape_entities(text) == plain


def test_labelled_fields_before_the_page_become_the_headline_date_and_source():
    text = ("Title: Ferry terminal opens\n\nURL Source: https://news.example/ferry\n\n"
            "Published Time: 2025-03-10T09:30:00+00:00\n\nMarkdown Content:\nThe council said on Monday.\n")
    assert lift_header(text) == ("Ferry terminal opens\n\nPublished: 2025-03-10T09:30:00+00:00\n\n"
                                 "The council said on Monday.\n\nContent retrieved from: https://news.example/ferry.\n")
    for plain in ("Ferry terminal opens\n\nSource: https://news.example/ferry\n",  # no title field first
                  "Title IX: a ruling on school sport\n\nThe court said on Monday.\n"):
        assert lift_header(plain) == plain


@pytest.mark.parametrize("tail, url", [
    ("Originally published at https://news.example/local/harbour-wall", "https://news.example/local/harbour-wall"),
    ("Read the original article at https://news.example/local/harbour-wall.", "https://news.example/local/harbour-wall"),
    ("URL: https://news.example/local/harbour-wall", "https://news.example/local/harbour-wall"),
    ("Saved from: <https://news.example/local/harbour-wall>\n\nComments (0)", "https://news.example/local/harbour-wall"),
    ("Source: https://stats.example/tables/harbours", None),  # under an article: where a figure came from
    ("URL: javascript:alert(1)", None),
])
def test_other_scrapers_trailers_give_the_source_and_leave_the_body(tail, url):
    body = ("Officials in the coastal town of Marrow said on Tuesday that the new harbour wall would be finished "
            "before the winter storms arrive.")
    dump = split_dump(f"Harbour wall to be finished\n\n{body}\n\n{tail}\n")
    assert dump.source_url == url
    assert dump.blocks[0] == body and (url is None or len(dump.blocks) == 1)


def test_front_matter_before_the_page_becomes_the_headline_byline_date_and_source():
    # As trafilatura writes a page's text with its metadata, a paragraph a line.
    text = ("---\ntitle: \"Ferry terminal opens: a new quay\"\nauthor: Ana Ruiz; Tom Berg\n"
            "url: https://news.example/ferry\nhostname: news.example\ndate: 2025-03-10\n"
            "tags: ['Local', 'Transport']\nfingerprint: 6a211a45a4a391e1\n---\n"
            "The council said on Monday.\nThe quay opens in June.\n")
    assert lift_header(text) == ("Ferry terminal opens: a new quay\n\nBy Ana Ruiz, Tom Berg\n\n"
                                 "Published: 2025-03-10\n\nThe council said on Monday.\nThe quay opens in June."
                                 "\n\nContent retrieved from: https://news.example/ferry.\n")
    # Without a title, the first line after it is the headline; fields of no use go.
    assert lift_header("---\nlayout: post\nauthors: [Ana Ruiz]\n---\nFerry terminal opens\n\nThe council "
                       "said so.\n") == "Ferry terminal opens\n\nBy Ana Ruiz\n\nThe council said so.\n"
    for plain in ("---\nFerry terminal opens\n---\nThe council said so.\n",  # a rule, not YAML fields
                  "---\n\nFerry terminal opens\n\nThe council said so.\n",  # no end to it
                  "---\ntitle: [unclosed\n---\nThe council said so.\n",  # no YAML
                  "---\ndate: 2025-02-30\n---\nThe council said so.\n"):  # no such day
        assert lift_header(plain) == plain


def test_a_markdown_dump_reads_as_its_visible_text():
    text = ("# Ferry terminal *opens*\n\n[Home](/) | [Local](/local/)\n\n![Quay](data:image/png;base64,iVBORw0KGgo=)\n\n"
            "*Passengers on the quay. Photo: AFP*\n\n**PORT WENDLE** – The [harbour council](https://news.example/c) "
            "said on Monday that the terminal would open in June.\n\n* First item\n* Second item\n\n"
            "[\n\n#### Tram depot to reopen](/local/tram-depot)\n\n| Route | Boats |\n|---|---|\n| North | 4 |\n\n"
            "<script>alert(1)</script>\n\nContent retrieved from: https://news.example/local/ferry.\n")
    assert mdtext.as_text_dump(text).split("\n\n") == [
        "Ferry terminal opens", "Home | Local", "Passengers on the quay. Photo: AFP",
        "PORT WENDLE – The harbour council said on Monday that the terminal would open in June.",
        "First item", "Second item", "Tram depot to reopen", "Route", "Boats", "North", "4",
        "<script>alert(1)</script>", "Content retrieved from: https://news.example/local/ferry.\n"]


@pytest.mark.parametrize("text, reason", [("", "empty"), ("  \n\t\n", "empty"), ("Just a headline\n", "headline only"),
                                          ("Headline\n\nContent retrieved from: https://x.example/.\n", "headline only")])
def test_split_dump_names_why_there_is_no_article(text, reason):
    with pytest.raises(NoArticle, match=reason):
        split_dump(text)


# -- captions, kickers, credits -------------------------------------------------------------------

def test_repeated_caption_is_one_image_and_kicker_glued_to_it_is_the_topic():
    cap = "Leaders meet at the summit in Lisbon on March 5, 2020. File Photo: AFP"
    found = meta.find_captions(["WORLD" + cap, cap, "Body text that is long enough to be a paragraph."])
    assert found.kicker == "WORLD"
    assert found.images == (meta.Image("Leaders meet at the summit in Lisbon on March 5, 2020.", "AFP"),)
    assert found.used == {0, 1}


@pytest.mark.parametrize("block, caption, credit", [
    ("Crowds gather outside the station. Photo: City Transit", "Crowds gather outside the station.", "City Transit"),
    ("Trump asked voters for a big win.Credit...Doug Mills/The New York Times", "Trump asked voters for a big win.",
     "Doug Mills/The New York Times"),
    ("Smoke rises over the hills on Tuesday. Reuters", "Smoke rises over the hills on Tuesday.", "Reuters"),
    ("No credit in this sentence at all.", "No credit in this sentence at all.", None),
    ("Protesters march on the bridge (Image: GETTY )", "Protesters march on the bridge", "GETTY"),
    # A sentence ending with an agency's name is the story's text, not a credit.
    ("The council declined to comment on the cost to Reuters.", "The council declined to comment on the cost to Reuters.",
     None),
    ("A spokesman for the council told AFP.", "A spokesman for the council told AFP.", None),
    ("Image Source: Tom Hale/Shutterstock", "", "Tom Hale/Shutterstock"),
    ("Mieszkańcy na moście w sobotę. fot. PAP", "Mieszkańcy na moście w sobotę.", "PAP"),
    ("Mieszkańcy na moście (fot. Jan Wierzba)", "Mieszkańcy na moście", "Jan Wierzba"),
    ("Κάτοικοι στη γέφυρα (φωτ.: Eurokinissi)", "Κάτοικοι στη γέφυρα", "Eurokinissi"),
    ("Πηγή φωτογραφίας: ΑΠΕ-ΜΠΕ", "", "ΑΠΕ-ΜΠΕ"),
    ("图为市民在新桥上散步。（新华社记者 王小河 摄）", "图为市民在新桥上散步。", "新华社记者 王小河"),
    ("市民在新桥上散步。摄影：王小河", "市民在新桥上散步。", "王小河"),
    # The agencies of Spain, Italy and Japan; a sentence naming one in their languages is the story's.
    ("Pasajeros en la estación. EFE/Juan Martín", "Pasajeros en la estación.", "EFE/Juan Martín"),
    ("Il sindaco in piazza. ANSA", "Il sindaco in piazza.", "ANSA"), ("Crowds at the port. Kyodo", "Crowds at the port.", "Kyodo"),
    ("El ministro habló con EFE.", "El ministro habló con EFE.", None),
    ("Le ministre a répondu aux questions de la AFP", "Le ministre a répondu aux questions de la AFP", None),
    ("Der Sprecher sagte gegenüber Reuters", "Der Sprecher sagte gegenüber Reuters", None),
])
def test_split_credit(block, caption, credit):
    assert meta.split_credit(block) == (caption, credit)


def test_credit_prefilter_lets_through_every_block_the_credit_regex_matches():
    import re
    import sys

    # The letters re.IGNORECASE takes for a letter of a credit word, though str.lower() gives another.
    letters = set("".join(meta._CREDIT_WORDS))
    rx = re.compile("[" + re.escape("".join(sorted(letters))) + "]", re.I)
    twins = [chr(c) for c in range(sys.maxunicode + 1)
             if rx.fullmatch(chr(c)) and chr(c).lower() not in letters]
    assert all(meta._CASE_TWINS.fullmatch(t) for t in twins), twins


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(["Photo", "PHOTOGRAPHS", "pıc", "ſource", "İmage", "Crédito", "credit", "фото", "фᲂтᲂ", "صورة",
                     "file ", " by ", ": ", "：", "...", "…", "|", " ", ". ", "(", ")", "AFP", "Reuters", "x",
                     "fot", "φωτ", "（", "）", "摄", "。", "told ", "to "]),
    st.text(max_size=8),
), max_size=12).map("".join))
def test_split_credit_is_what_the_regexes_alone_give(block):
    def plain(text):  # split_credit without its prefilters
        m = meta._PAREN_CREDIT.search(text)
        if m:
            return meta._caption(text[: m.start()]), (m.group("credit") or m.group("shot")).strip()
        m = meta._CREDIT_TAIL.search(text)
        if m:
            return meta._caption(text[: m.start()].rstrip(" |–—-")), (m.group("credit") or m.group("credit2")).strip()
        m = meta._AGENCY_TAIL.search(text)  # the whole block, not only its end
        if m and len(text) - len(m.group("credit")) > 15:
            return text[: m.start()].rstrip(" |–—-/").strip(), m.group("credit").strip()
        return text, None

    assert meta.split_credit(block) == plain(block)


def test_gallery_captions_are_images_not_body():
    found = meta.find_captions(["1of4A shopper looks at extension cords on Tuesday. Photo: Staff", "Body text here."])
    assert found.images == (meta.Image("A shopper looks at extension cords on Tuesday.", "Staff"),)
    assert found.used == {0}


@pytest.mark.parametrize("line", ["11/19/2019 01:14 PM", "12/03/2025 às 08h40 Atualizado há 2 horas",
                                  "11/19/2019 by Lars Brandle", "3 of 4 people on the ferry said they would pay more."])
def test_a_date_or_a_count_is_no_gallery_caption(line):
    # "11/19" read as picture 11 of 19: the rest of the date line was a caption ("/2019 01:14 PM")
    assert meta.find_captions([line, "Body text that is long enough to be a paragraph."]).images == ()


def test_a_file_photo_is_told_by_its_own_caption_block():
    # The story quotes the caption's words and its agency before the caption itself: the caption's block decides.
    blocks = ["Boats at the quay before dawn. That is how AFP described the scene on Monday in a long report.",
              "Boats at the quay before dawn. File photo: AFP", "The harbour authority said the terminal would open."]
    found = meta.find_captions(blocks)
    assert found.used == {1}
    assert meta.mark_file_photos(found, blocks) == (meta.Image("Boats at the quay before dawn.", "AFP", file_photo=True),)


@pytest.mark.parametrize("caption", [
    "Pasajeros en la estación de Atocha, en una imagen de archivo.", "Des passagers à la gare, photo d'archives.",
    "Fahrgäste am Bahnhof (Archivbild).", "Passageiros na estação, em foto de arquivo.",
])
def test_a_file_photo_said_so_in_the_caption_in_other_languages(caption):
    blocks = [f"{caption} EFE/Juan Martín", "The harbour authority said the terminal would open in June, later than planned."]
    found = meta.find_captions(blocks)
    assert meta.mark_file_photos(found, blocks) == (meta.Image(caption, "EFE/Juan Martín", file_photo=True),)


def test_later_copies_of_blocks_are_marked():
    assert meta.later_copies(["a", "b", "a", "c", "b"]) == {2, 4}


def _copied_runs_one_by_one(blocks: list[str]) -> list[tuple[int, int, int]]:
    """meta.copied_runs as its docstring says it, comparing block by block."""
    where: dict[str, int] = {}
    for j, b in enumerate(blocks):
        where.setdefault(b, j)
    runs, i = [], 0
    while i < len(blocks):
        first, length = where[blocks[i]], 0
        while first < i and i + length < len(blocks) and first + length < i and blocks[first + length] == blocks[i + length]:
            length += 1
        if first < i and sum(len(b) >= 20 for b in blocks[i:i + length]) >= 2:
            runs.append((first, i, length))
            i += length
        else:
            i += 1
    return runs


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "bb", "x" * 20, "y" * 25, "z" * 40]), max_size=200), st.data())
def test_copied_runs_are_those_found_block_by_block(blocks, data):
    if len(blocks) > 3 and data.draw(st.booleans()):  # a run of the page copied lower down, as a teaser is
        start = data.draw(st.integers(0, len(blocks) - 2))  # (runs of over 64 blocks are compared by hashes)
        blocks = blocks + blocks[start:start + data.draw(st.integers(2, 200))]
    if data.draw(st.booleans()):  # a page of one line over and over
        blocks = blocks + [data.draw(st.sampled_from(["a", "x" * 20]))] * data.draw(st.integers(0, 300))
    assert meta.copied_runs(blocks) == _copied_runs_one_by_one(blocks)


# -- related headlines ----------------------------------------------------------------------------

def test_also_in_block_gives_related_headlines_and_topic():
    blocks = ["Also in Turkey", "Armenia to lift embargo on Turkish goods", "Murderer will be brought to justice: co-chair",
              "A+A-", "ISTANBUL, Turkey – The body starts here with a full sentence."]
    rel = meta.find_related(blocks)
    assert rel.topic == "Turkey"
    assert rel.headlines == ("Armenia to lift embargo on Turkish goods", "Murderer will be brought to justice: co-chair")
    assert rel.used == {0, 1, 2}


def test_more_on_this_story_names_no_topic():
    rel = meta.find_related(["More on this story", "Harbour plan approved after long meeting", "Ferry fares rise"])
    assert rel.headlines == ("Harbour plan approved after long meeting", "Ferry fares rise") and rel.topic is None


def test_more_from_the_author_is_not_the_topic():
    text = "\n\n".join([
        "Council approves new tram line to the eastern suburbs", "By Hannah Okafor",
        "The city council voted on Thursday night to build a tram line linking the central station with the "
        "eastern suburbs, ending a decade of argument over how to ease traffic on the ring road.",
        "The line, which will run for 11 kilometres and stop at 14 stations, is expected to cost 640 million "
        "euros and open in 2031, officials said.",
        "More from Hannah Okafor", "Harbour ferry timetable changes from April", "New cycle lanes planned for the old town",
        "More in Transport", "Bus drivers vote on new rota", "Night trams to run at weekends",
    ])
    art = clean_text(text)
    assert art.authors == ("Hannah Okafor",) and art.topic == "Transport"


def test_related_block_stops_at_the_comment_section():
    rel = meta.find_related(["Read more", "Harbour plan approved after long meeting", "Comments (12)",
                             "Log in to leave a comment"])
    assert rel.headlines == ("Harbour plan approved after long meeting",)


def test_mixed_case_kicker_glued_to_a_caption_that_also_stands_alone():
    cap = "Workers at the port unload crates on Tuesday. Photo: Port"
    found = meta.find_captions(["Energy" + cap, cap])
    assert found.kicker == "Energy" and found.images == (meta.Image("Workers at the port unload crates on Tuesday.", "Port"),)


def test_words_in_capitals_run_into_a_menu_are_no_kicker_and_no_caption():
    # "LIVE TV" and "VIdeos" (sic) of a menu line: no section "Live Tv V" and no picture captioned "Ideos Photos"
    found = meta.find_captions(["Home", "LIVE TV VIdeos Photos", "Body text that is long enough to be a paragraph."])
    assert found.kicker is None and found.images == () and not found.used
    found = meta.find_captions(["MARKETSTraders work on the floor of the exchange in the morning", "Body text."])
    assert found.kicker == "MARKETS"  # a caption of four words and more glued to it, seen once: still one


def test_a_year_before_a_title_is_no_kicker():
    title = "Harbour Theatre Tradition Series Performance"
    found = meta.find_captions(["2018 " + title, "Body text that is long enough to be a paragraph.", title])
    assert found.kicker is None and found.images == ()


def test_a_signature_before_the_sites_address_is_no_kicker_and_no_caption():
    # "AS - www.example.com.br" closing the story: the address also stands alone above it (a credit line)
    found = meta.find_captions(["Race dates are subject to change.", "www.racing-example.com.br", "Share on WhatsApp",
                                "AS - www.racing-example.com.br"])
    assert found.kicker is None and 3 not in found.used


def test_a_menu_item_shown_twice_is_no_caption():
    # a menu in the header and again in the footer: three words and a symbol, no credit
    found = meta.find_captions(["Arts, Books & Culture", "Story text.", "Arts, Books & Culture", "Results »",
                                "Torneio de Palpites »", "More text.", "Torneio de Palpites »"])
    assert found.images == ()


def test_read_more_heading_in_another_language():
    rel = meta.find_related(["Leia também", "Governo anuncia novo plano", "Chuva forte atinge o litoral"])
    assert rel.headlines == ("Governo anuncia novo plano", "Chuva forte atinge o litoral")


# -- bylines --------------------------------------------------------------------------------------

@pytest.mark.parametrize("block, names", [
    ("By Jamelle Bouie", ("Jamelle Bouie",)),
    ("By Lia Eustachewich and Yaron Steinbuch", ("Lia Eustachewich", "Yaron Steinbuch")),
    ("By Sherif Saed, Wednesday, 20 November 2019 08:05 GMT", ("Sherif Saed",)),
    ("Posted by Michael David Smith on November 19, 2019, 6:21 AM EST", ("Michael David Smith",)),
    ("By Chris Pokorny@DawgsByNature Nov 18, 2019, 11:47am EST", ("Chris Pokorny",)),
    ("By JERUSALEM POST STAFF", ("Jerusalem Post Staff",)),
    ("Por Ana Souza e Carlos Lima", ("Ana Souza", "Carlos Lima")),
    ("Autor: Zofia Kminek", ("Zofia Kminek",)), ("Автор: Вера Кленова", ("Вера Кленова",)), ("作者：陈晓河", ("陈晓河",)),
    # After the date on the same line, and without the letters after a name.
    ("March 12, 2019 | By: Ruth Ambermoor, MS, RDN", ("Ruth Ambermoor",)),
    ("12 marca 2019, 14:05 Autor: Zofia Kminek", ("Zofia Kminek",)), ("2019年03月12日 14:05 记者 陈晓河", ("陈晓河",)),
    # A job title after a name is not another author; alone, it is the byline's author.
    ("By Marta Okonjo, Regional Correspondent", ("Marta Okonjo",)),
    ("By Ruth Ambermoor, Chief Political Editor, and Ivo Brandt", ("Ruth Ambermoor", "Ivo Brandt")),
    ("Von Jana Keller, Korrespondentin", ("Jana Keller",)), ("By Reuters Staff", ("Reuters Staff",)),
    # The small words inside a name, and an article joined to a family name.
    ("By Anna de Vries and Vincent van der Berg", ("Anna de Vries", "Vincent van der Berg")),
    ("Por Maria da Silva", ("Maria da Silva",)), ("By Omar al-Sayed", ("Omar al-Sayed",)),
    ("By Jean d'Ormesson", ("Jean d'Ormesson",)),
    # The outlet or agency they write for, after their names, is not another author; alone, it is the author.
    ("By Jill Varga, Harbour Business", ("Jill Varga",)), ("By Ana Souza and Ivo Brandt, Tagus Newswire",
                                                          ("Ana Souza", "Ivo Brandt")),
    ("By Jana Keller, The Harbour Ledger", ("Jana Keller",)), ("By Associated Press", ("Associated Press",)),
    ("By DANICA KIRKA and JILL LAWLESS Associated Press", ("Danica Kirka", "Jill Lawless")),
    ("By Tanza Loudenback; Harbour Insider", ("Tanza Loudenback",)),
    # A first name that is a word for "and" elsewhere, and an initial that is one: all one name.
    ("By Dan Smith", ("Dan Smith",)), ("By Bruce Y Lee", ("Bruce Y Lee",)), ("By Ana E Souza", ("Ana E Souza",)),
    ("By Ruth Ambermoor and Dan Smith", ("Ruth Ambermoor", "Dan Smith")),
    ("By Juan Pérez y María López", ("Juan Pérez", "María López")), ("By Ahmad dan Budi Santoso", ("Ahmad", "Budi Santoso")),
    ("By Admin", ()), ("Posted by Siteadmin", ()),  # the site's user account
    # A reporter's label, with its colon (without, a sentence may open so)
    ("Reporter: Siti Rahmawati", ("Siti Rahmawati",)), ("Penulis: Budi Santoso", ("Budi Santoso",)),
    ("Jornalista: Ana Souza", ("Ana Souza",)), ("Reporter Siti Rahmawati", ()), ("Editor: Budi Santoso", ()),
])
def test_byline_names_are_cleaned(block, names):
    assert meta.find_byline(["Menu", block, "Body"]).authors == names


def test_sentence_starting_with_by_is_not_a_byline():
    assert meta.find_byline(["By Sunday the storm had passed and roads reopened."]).authors == ()
    assert meta.find_byline(["By the end of the day"]).authors == ()
    assert meta.find_byline(["By de facto agreement"]).authors == ()  # a name's small word does not begin it


@pytest.mark.parametrize("credits, names", [
    ("(Reporting by Anna de Vries; Additional reporting by Pieter Jansen; Editing by Mark Holloway)",
     ("Anna de Vries", "Pieter Jansen")),
    ("Reporting by Jane Doe in Paris and John Roe in London; Writing by Ali Khan; Editing by Sam Lee.",
     ("Jane Doe", "John Roe", "Ali Khan")),
    ("(Reporting by Staff; Editing by Sam Lee)", ()),  # no one named
    ("Reported by the police to the court, the case was heard on Monday.", ()),
])
def test_an_agencys_credits_name_its_reporters_not_its_editors(credits, names):
    assert meta.agency_credits(["The story.", credits]) == names


# -- datelines ------------------------------------------------------------------------------------

@pytest.mark.parametrize("para, dateline, rest", [
    ("ISTANBUL, Turkey – Russian President said on Sunday that ties improve.", "ISTANBUL, Turkey",
     "Russian President said on Sunday that ties improve."),
    ("LISBON (Tagus Newswire) — Dense fog closed the airport for hours.", "LISBON", "Dense fog closed the airport for hours."),
    ("صفاقس، تونس – دشّنت السلطات المحلية يوم الثلاثاء مخزنا مبرّدا جديدا", "صفاقس، تونس",
     "دشّنت السلطات المحلية يوم الثلاثاء مخزنا مبرّدا جديدا"),
    ("Officials said – after a long night – that it was over.", None, "Officials said – after a long night – that it was over."),
    # An agency's, with the day: the place in any case.
    ("Paris, 14 mars (Agence Lutèce) - Le gouvernement a annoncé lundi une réforme.", "Paris",
     "Le gouvernement a annoncé lundi une réforme."),
    ("MADRID, 14 Mar. (IBERIA PRESS) - El Gobierno ha aprobado este viernes.", "MADRID",
     "El Gobierno ha aprobado este viernes."),
    ("Berlin, 3. März (nwd) - Die Regierung hat am Montag beschlossen.", "Berlin",
     "Die Regierung hat am Montag beschlossen."),
    ("Smith, 45 years (retired) - said he would stay on.", None, "Smith, 45 years (retired) - said he would stay on."),
    ("Kessa (KSA) - shares of the ferry company rose on Friday.", None,
     "Kessa (KSA) - shares of the ferry company rose on Friday."),
    # In upper and lower case, with its region or its agency.
    ("Dekalb, Ill. — Mara Lind threw for three touchdowns on Tuesday night.", "Dekalb, Ill.",
     "Mara Lind threw for three touchdowns on Tuesday night."),
    ("St. Louis, Missouri – The city council voted on Monday.", "St. Louis, Missouri",
     "The city council voted on Monday."),
    ("Berlin (nwd) – Ein Streik hat am Mittwoch den Fernverkehr lahmgelegt.", "Berlin",
     "Ein Streik hat am Mittwoch den Fernverkehr lahmgelegt."),
    ("Berlin – Ein Streik hat am Mittwoch den Fernverkehr lahmgelegt.", None,  # a bare word: a sentence may open so
     "Berlin – Ein Streik hat am Mittwoch den Fernverkehr lahmgelegt."),
    ("However, Smith — who had run the port for years — stayed on.", None,
     "However, Smith — who had run the port for years — stayed on."),
])
def test_dateline_is_taken_off_the_first_paragraph(para, dateline, rest):
    assert meta.split_dateline(para) == (dateline, rest)


# -- dates ----------------------------------------------------------------------------------------

def test_ambiguous_url_date_is_settled_by_the_weekday_in_the_text():
    url = "https://www.rudaw.net/english/middleeast/turkey/02012022"
    assert dates.date_in_url(url, "leaders on Sunday pledged to improve ties") == date(2022, 1, 2)
    assert dates.date_in_url(url, "leaders on Tuesday pledged") == date(2022, 2, 1)
    assert dates.date_in_url(url, "no weekday named") is None


@pytest.mark.parametrize("url, when", [
    ("https://x.example/2019/11/19/some-story/", date(2019, 11, 19)),
    ("https://x.example/news/story-20191120.html", date(2019, 11, 20)),
    ("https://x.example/a/2019-11-18-story", date(2019, 11, 18)),
    ("https://x.example/a/story", None),
])
def test_url_dates(url, when):
    assert dates.date_in_url(url) == when


def test_date_lines_in_the_text():
    found, index = dates.date_in_blocks(["Menu", "Published 2:16 AM EST Nov 20, 2019", "Body."], "en")
    assert index == 1 and isinstance(found, datetime)
    assert dates.iso(found) == "2019-11-20T02:16-05:00"
    found, _ = dates.date_in_blocks(["نُشر في: 11 مارس 2025"], "ar")
    assert found == date(2025, 3, 11)


@pytest.mark.parametrize("block, is_date_line", [
    ("Posted: Fri 6:45 PM, Feb 16, 2018 |", True), ("Updated: Sat 8:31 PM, Feb 17, 2018", True),
    ("November 19, 2019 at 6:34 am", True), ("11/20/2019 01:14 PM", True),
    ("The vote was on May 5, 2019", False), ("A short sentence.", False),
    # In other languages: a label, a weekday, the month's name, "r." / "г." after the year, the time.
    ("Opublikowano: wtorek, 12 marca 2019 r., 14:05", True), ("Aktualizacja: 12.03.2019 16:40", True),
    ("12 марта 2019 г. в 14:05", True), ("Τρίτη, 12 Μαρτίου 2019, 14:05", True), ("发布时间：2019-03-12 14:05", True),
    ("2019年3月12日 14:05", True), ("Sezon 2019", False), ("Komentarze (12)", False), ("12 ludzi w 2019 roku.", False),
    # A dash before the time, as some sites write a dotted date.
    ("02.12.2025 - 06:34", True), ("Published: 01.12.2024 - 09:15", True), ("12.03.2019 - 14 killed", False),
    # Published and updated on one line; an event's two days are the story's.
    ("Published March 12, 2025 at 6:05 a.m. | Updated March 12, 2025 at 9:41 a.m.", True),
    ("March 12, 2025 | 6:05 a.m.", True), ("29 November 2018 | 20 January 2019", False),
    ("Published March 12, 2025 at 6:05 a.m. | The council met on Monday to discuss the plan", False),
])
def test_date_lines_are_found_for_removal(block, is_date_line):
    assert dates.date_lines(["Body.", block]) == ({1} if is_date_line else set())


@pytest.mark.parametrize("block, lang, when", [
    ("Opublikowano: 12.03.2019, 14:05", "pl", datetime(2019, 3, 12, 14, 5)),
    ("Опубликовано: 12.03.2019 14:05", "ru", datetime(2019, 3, 12, 14, 5)),  # dateparser: 3 December
    ("Δημοσιεύθηκε: 03.12.2019", "el", date(2019, 12, 3)),
    ("Dodano: 12 marca 2019 r.", "pl", date(2019, 3, 12)),
    ("发布时间：2019-03-12 14:05", "zh", datetime(2019, 3, 12, 14, 5)),
])
def test_dotted_dates_are_day_first_outside_english(block, lang, when):
    assert dates.date_in_blocks([block], lang)[0] == when


def test_published_wins_over_updated():
    found, _ = dates.date_in_blocks(["Updated 5 March 2025", "Published: 3 March 2025"], "en")
    assert found == date(2025, 3, 3)


@pytest.mark.parametrize("block, lang, when", [
    ("Publié le 14 mars 2025 à 09h12 Mis à jour le 15 mars 2025 à 11h30", "fr", datetime(2025, 3, 14, 9, 12)),
    ("Veröffentlicht am 14.03.2025, 09:12 Uhr Aktualisiert am 15.03.2025, 11:30 Uhr", "de",
     datetime(2025, 3, 14, 9, 12)),
    ("Mis à jour le 15 mars 2025 à 11h30", "fr", datetime(2025, 3, 15, 11, 30)),  # the only date there is
])
def test_published_and_updated_on_one_line_give_the_published_date_and_time(block, lang, when):
    assert dates.date_in_blocks(["Menu", block, "Body."], lang)[0] == when


@pytest.mark.parametrize("block, when", [
    ("01.12.2024", date(2024, 12, 1)),  # dateparser: 12 January
    ("Published: 05.06.2024", date(2024, 6, 5)),
    ("Posted 1.12.2024 at 10:05 PM EST", datetime(2024, 12, 1, 22, 5, tzinfo=timezone(timedelta(hours=-5)))),
    ("02.12.2025 - 06:34", datetime(2025, 12, 2, 6, 34)),
    ("25.03.2025", date(2025, 3, 25)),
    ("12.31.2025 - 23:59", datetime(2025, 12, 31, 23, 59)),  # day first is impossible: month first
    ("11/12/2025", date(2025, 11, 12)),  # slashes on an English page: month first, as the US writes them
])
def test_dotted_dates_are_day_first_on_english_pages_too(block, when):
    assert dates.date_in_blocks([block], "en")[0] == when


def test_a_dotted_date_is_read_day_first_unless_only_month_first_is_a_date():
    import random

    rng = random.Random(5)
    cases = ["02.12.2025 - 06:34", "25.03.2025 - 02:39", "12.31.2025 - 23:59", "29.02.2024", "02.29.2023 - 10:00",
             "13.13.2025 - 02:39", "00.05.2024 - 10:00", "02.12.2025 - 24:00", "02.12.2025 - 23:60", "31.04.2024"]
    cases += [f"{rng.randint(0, 32):02d}.{rng.randint(0, 32):02d}.{rng.randint(1970, 2099)}"
              + rng.choice(["", f" - {rng.randint(0, 24):02d}:{rng.randint(0, 60):02d}"]) for _ in range(300)]
    for text in cases:
        a, b, rest = text.split(".", 2)
        year, _, clock = rest.partition(" - ")
        day = None
        for d, m in ((int(a), int(b)), (int(b), int(a))):  # day first, then month first
            try:
                day = date(int(year), m, d)
                break
            except ValueError:
                continue
        want = day
        if day and clock and int(clock[:2]) < 24 and int(clock[3:]) < 60:
            want = datetime(day.year, day.month, day.day, int(clock[:2]), int(clock[3:]))
        assert dates._dotted(text) == want, text
    assert dates._dotted("31.04.2024") is None  # neither reading is a date: dateparser is asked


@pytest.mark.parametrize("text, lang, url_day, when", [
    ("01.12.2024", "en", date(2024, 1, 12), date(2024, 1, 12)),  # the URL's reading wins
    ("01.12.2024", "en", date(2024, 12, 1), date(2024, 12, 1)),
    ("01.12.2024", "en", date(2023, 5, 7), date(2024, 12, 1)),  # the URL says neither: day first
    ("01.12.2024 - 06:34", "en", date(2024, 1, 12), datetime(2024, 1, 12, 6, 34)),  # the time stays
    ("11/12/2025", "en", date(2025, 12, 11), date(2025, 12, 11)),
    ("11/12/2025", "en", None, date(2025, 11, 12)),  # no URL date: slashes month first, as before
    ("03.12.2019", "el", date(2019, 3, 12), date(2019, 3, 12)),
    ("25.03.2025", "en", date(2025, 3, 26), date(2025, 3, 25)),  # reads one way only: the text wins
    ("Dec 1, 2024 (01.12.2024)", "en", date(2024, 1, 12), date(2024, 12, 1)),  # the month's name settles it
])
def test_a_date_that_reads_both_ways_is_read_as_the_url_dates_it(text, lang, url_day, when):
    assert dates.parse_date(text, lang, url_day) == when
    assert dates.date_in_blocks(["Menu", f"Published: {text}"], lang, url_day=url_day)[0] == when


# -- topic and source -----------------------------------------------------------------------------

def test_site_rules_file_names_the_source_and_its_section_segment():
    rules = source.rules_for("https://www.rudaw.net/english/middleeast/turkey/02012022")
    assert rules.name == "Rudaw"
    assert source.topic_from_url("https://www.rudaw.net/english/middleeast/turkey/02012022", rules) == "Turkey"


@pytest.mark.parametrize("url, topic", [
    ("https://regional.example/news/storm-ferries", None), ("https://regional.example/noticias/temporal", None),
    ("https://regional.example/nachrichten/region/sturm-faehren", "Region"),
    ("https://regional.example/actualites/sport/tempete", "Sport"), ("https://regional.example/pl/wiadomosci/x", None),
])
def test_a_paths_word_for_news_in_any_language_is_no_topic(url, topic):
    assert source.topic_from_url(url, source.rules_for(url)) == topic


@pytest.mark.parametrize("block, topic", [
    ("Home > News > Regional", "Regional"), ("Startseite › Nachrichten › Region", "Region"),
    ("Accueil » Actualités » Régions", "Régions"), ("Inicio / Deportes", "Deportes"),
    ("HOME > WORLD > MIDDLE EAST", "Middle East"),
    ("Home > Regional > Storm closes the northern ferry routes", "Regional"),  # the trail ends in the headline
    ("Home > News > Storm", "Storm"),  # a section the headline happens to start with
    ("Home > News", None), ("Prices > costs / and more", None),  # no section; no trail (no home first)
    ("Home > A step of the trail far too long to be a section of any site > Regional", None),
])
def test_a_breadcrumb_trail_above_the_article_names_its_topic(block, topic):
    title = "Storm closes the northern ferry routes for a third day"
    assert source.topic_from_breadcrumb(["Menu", block, "Sign in"], title) == topic


def test_the_breadcrumbs_topic_reaches_the_article():
    from site_gen.ingest.clean import clean_text

    text = ("Storm closes the northern ferry routes\n\nHome > News > Regional\n\nGale-force winds kept every "
            "ferry in port on Thursday, the third day running, the coast guard said.\n\nContent retrieved from: "
            "https://regional.example/news/storm-ferries.\n")
    article = clean_text(text)
    assert article.topic == "Regional" and "Home" not in " ".join(article.paragraphs)


def test_site_toml_overrides_shipped_rules():
    rules = source.rules_for("https://news.example/x/y", {"news.example": {"name": "News Example", "topic": "Local"}})
    assert (rules.name, rules.topic) == ("News Example", "Local")


@pytest.mark.parametrize("footer, name", [
    ("© 2025 The Harbour Ledger. All rights reserved.", "The Harbour Ledger"),
    ("Copyright (c) 2024 Daily Planet Inc.", "Daily Planet"), ("© Copyright Harbour Media 2018", "Harbour Media"),
    # Its legal form goes; a domain's dots and initials' stay inside the name, a full stop ends it.
    ("© Diario Ejemplo S.L. 2025", "Diario Ejemplo"), ("© 2019 Harbour Media Group Limited", "Harbour Media Group"),
    ("© 2019 Harbour.co.uk", "Harbour.co.uk"), ("© 2019 Harbour Network.Lighthouse Broadcasting, Inc.", "Harbour Network"),
    ("Copyright © 2019 Hafenblatt / finanzen-example.net GmbH Alle Rechte vorbehalten.", "Hafenblatt / finanzen-example.net"),
    ("Copyright 2019 Inexample - ISSN: 2283-5474", "Inexample - ISSN: 2283-5474"),
    # A picture's credit near the end of a short page is not the site's footer.
    ("(Image: © Shutterstock)", None), ("Photo: © Anna Berg", None), ("Foto: © nwd", None),
    ("Copyright © 2025 Getty Images", None),
])
def test_source_name_from_copyright_footer(footer, name):
    assert source.name_from_footer(["Body.", footer]) == name


# -- language -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, code", [
    ("The government said on Tuesday that the new plan would cut costs for families.", "en"),
    ("دشّنت السلطات المحلية يوم الثلاثاء مخزنا مبرّدا جديدا في ميناء الصيد البحري", "ar"),
    ("بارانێکی بەخوڕ کە لە شەوی یەکشەممەوە دەستی پێکرد، چەند ڕێگایەکی سەرەکیی داخست", "ckb"),
])
def test_language_detection(text, code):
    assert lang.detect(text) == code


def test_direction():
    from site_gen.content import direction

    assert direction("ar") == "rtl" and direction("ckb") == "rtl" and direction("en") == "ltr"


# -- body -----------------------------------------------------------------------------------------

PARA = ("The council voted on Tuesday to approve the new harbour plan, which will add two berths and a "
        "public walkway along the water, officials said after a long meeting that ran late into the night.")


def test_body_keeps_prose_and_drops_widgets_and_menus():
    blocks = ["Home", "World", "Advertisement", "Share", PARA, "A+A-", PARA.replace("Tuesday", "Monday"),
              "Sign up for our morning briefing", "© 2025 Example News. All rights reserved."]
    assert body.select_body(blocks, "en") == [4, 6]


def test_body_stops_at_the_comment_section():
    comments = ["34 Comments", "reader1 says:", PARA.replace("council", "reader"), "reader2 says:", PARA * 2]
    blocks = [PARA, PARA.replace("Tuesday", "Friday")] + comments
    assert body.select_body(blocks, "en") == [0, 1]


def test_body_skips_teasers_above_the_headline_copy():
    teaser = "An unrelated teaser paragraph about another story that runs on for quite a while, so it looks like prose too."
    blocks = [teaser, "Harbour plan approved", PARA]
    assert body.select_body(blocks, "en", title="Harbour plan approved") == [2]


def test_a_lead_asking_a_question_in_arabic_script_is_a_sentence():
    # "؟" is the question mark of Arabic, Persian and Sorani: a lead that asks one is a whole sentence.
    from tests.test_ingest_causes import material

    m = material("ckb")
    question = m["lead"].split(" – ", 1)[1][:-1] + "؟"  # no dateline to go by
    assert body.describe(question, lang.stopwords("ckb")).ends_sentence
    blocks = ["Menu", question, m["lead_gap"][1], *m["paragraphs"]]
    assert body.select_body(blocks, "ckb") == [1, 3, 4, 5, 6, 7]


def test_page_without_prose_keeps_its_short_lines():
    blocks = ["Menu", "Results", "Palm Bay d. Rockledge 70-44", "Heritage d. Titusville 53-9", "Cocoa d. West Shore 61-21"]
    assert body.select_body(blocks, "en") == [2, 3, 4]


_TOLLS = [
    "The city council approved new tolls on the east bridge early on Friday after nine hours of debate, in a "
    "vote of 21 to 18 that split both of the largest parties.",
    "Drivers will pay two euros a crossing from June, with a discount for residents and free passage for buses "
    "and emergency vehicles.",
    '"It is the only way to pay for the repairs without raising the property tax," the mayor said after the vote.',
    "Opponents said they would collect signatures for a referendum, which needs 15,000 names within 60 days.",
]


def _tolls(blocks: list[str]) -> str:
    return "\n\n".join(["Council approves new bridge tolls", "By Ivo Brandt", *blocks,
                         "Content retrieved from: https://city.example/politics/tolls."]) + "\n"


def test_a_newsletter_box_between_paragraphs_does_not_cut_the_article():
    from site_gen.ingest.clean import clean_text

    box = ["Newsletter", "Get the day's top stories in your inbox every morning.", "Enter your email address",
           "Sign up", "By signing up you agree to our Terms of Service and Privacy Policy."]
    assert list(clean_text(_tolls([*_TOLLS[:2], *box, *_TOLLS[2:]])).paragraphs) == _TOLLS


@pytest.mark.parametrize("below", [
    ["Share", "Tweet", "Email", "Related stories", "Schools reopen after flu outbreak",
     "Classes resume on Monday in all but two of the city's schools, the education office said on Thursday."],
    ["Share", "Ivo Brandt", "Ivo Brandt covers city politics for the paper and has reported from the council "
     "chamber for more than ten years."],
])
def test_below_the_story_a_box_and_one_paragraph_after_it_stay_out(below):
    from site_gen.ingest.clean import clean_text

    assert list(clean_text(_tolls([*_TOLLS, *below])).paragraphs) == _TOLLS


# -- markdown -------------------------------------------------------------------------------------

def rendered_text(md: str) -> str:
    html = markdown.markdown(md)
    if not html.strip():
        return ""
    return "\n".join(el.text_content() for el in lxml_html.fragment_fromstring(html, create_parent="div"))


@pytest.mark.parametrize("para", [
    "#MeToo spread across the country", "1. FC Köln won the match", "<script>alert(1)</script> was posted",
    "> not a quote", "- not a list", "* not a list", "+ not a list", "===", "---", "a_b_c and *stars* and `ticks`",
    "[not](a link) ![nor](an image)", "AT&T &amp; &lt;b&gt;", "    four spaces", "2) second", "\\backslash\\",
    "http://example.com/<x>", "{curly} | pipes | here",
])
def test_markdown_escaping_renders_back_to_the_same_text(para):
    md = escape_paragraph(para)
    assert rendered_text(md) == " ".join(para.split())
    assert "<script" not in markdown.markdown(md)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80))
def test_markdown_round_trip_for_any_line(line):
    words = " ".join(line.split())
    if not words:
        return
    assert rendered_text(escape_paragraph(words)) == words


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
                min_size=2, max_size=5))
def test_bulleted_paragraphs_in_a_row_are_a_list_of_the_same_items(items):
    items = [" ".join(x.split()) for x in items]
    if not all(items):
        return
    paragraphs = ("The vote means:", *(f"• {x}" for x in items), "The board meets next week.")
    html = markdown.markdown(body_markdown_of(paragraphs))
    tree = lxml_html.fragment_fromstring(html, create_parent="div")
    assert [li.text_content() for li in tree.iter("li")] == items
    assert [p.text_content() for p in tree.findall("p")] == ["The vote means:", "The board meets next week."]
    assert "<script" not in html


def test_a_single_bulleted_line_or_a_dialogue_dash_stays_a_paragraph():
    for paragraphs in (("- not a list",), ("– Chcemy, żeby ludzie mogli oddychać – powiedział.", "– Tak – odparł.")):
        html = markdown.markdown(body_markdown_of(paragraphs))
        assert "<li>" not in html and [rendered_text(body_markdown_of((p,))) for p in paragraphs] == list(paragraphs)


def body_markdown_of(paragraphs: tuple[str, ...]) -> str:
    return body_markdown(Extracted(title="T", paragraphs=paragraphs, lang="en"))


def test_checksum_detects_hand_edits():
    text = seal("---\ntitle: A\n---\n\nBody\n")
    assert not is_hand_edited(text)
    assert is_hand_edited(text.replace("Body", "Edited body"))
    assert is_hand_edited("---\ntitle: A\n---\n\nNo checksum\n")


_YAML_TEXT = st.lists(st.one_of(
    st.characters(blacklist_categories=("Cs",)),
    st.sampled_from(list(" \t\n\x85\u2028\u2029\ufeff#:-?\"'&*!|>%@`,[]{}~=<.\u00a0\u3000…«»“”😀")),
    st.sampled_from(["true", "null", "yes", "~", "- ", ": ", " #", "---", "...", "2024-01-01", "12:30", "1e3", "the",
                     "news", "Ünal", "said", "  ", "中文", "العربية"]),
), max_size=100).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(
    st.sampled_from(["title", "slug", "date", "summary", "dump"]), _YAML_TEXT, min_size=1,
).flatmap(lambda d: st.fixed_dictionaries({
    **{k: st.just(v) for k, v in d.items()},
    "authors": st.lists(_YAML_TEXT, min_size=1, max_size=3),
    "images": st.lists(st.fixed_dictionaries({"caption": _YAML_TEXT, "credit": _YAML_TEXT}), min_size=1, max_size=2),
})))
@example({"title": "x" * 120 + " \u2028 y"})  # libyaml folds long double-quoted text its own way
@example({"summary": "Crowds cheer 😀 " * 12, "images": [{"caption": "A caption\x85with NEL " * 8}]})
@example({"summary": "One sentence of a long summary, with words, " * 8, "authors": ["Yes", "- dash", "#tag"]})
def test_front_matter_yaml_is_what_pyyaml_writes(fields):
    import yaml

    from site_gen.ingest.mdfile import dump_yaml

    assert dump_yaml(fields) == yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=100)


@pytest.mark.parametrize("text", ["Nov 20, 2019 2:16 AM Z", "March 3, 2025 10:30 Z", "Nov 20, 2019 2:16 AM EST",
                                  "March 3, 2025 10:30 GMT"])
def test_a_time_zone_letter_reads_as_dateparser_reads_it(text):
    import dateparser

    expected = dateparser.parse(text, languages=["en"], settings=dates._SETTINGS)
    assert dates._fast_english(text) == expected and expected.utcoffset() is not None


@pytest.mark.parametrize("name", ["clutter.txt", "walls.txt"])
def test_phrase_lookup_agrees_with_the_one_regex_of_all_phrases(name):
    # Plain phrases are looked up in a set and long blocks tried against the long phrases only: the answer
    # must be the one regex's, in every case and with the trailing marks the regex allows.
    from site_gen.ingest import phrases
    from tests.test_ingest_causes import LANGS, material

    found = phrases._clutter() if name == "clutter.txt" else phrases._walls()
    alts = [a for p in phrases._patterns(name) for a in phrases._alternatives(p)]
    blocks = {b for a in alts if not phrases._META.search(a)
              for b in (a, a.upper(), a.title(), a + ":", a + " »", a + " x", "x " + a, a.upper().replace("I", "İ"))}
    for lang in LANGS:
        m = material(lang)
        blocks |= {v for v in m.values() if isinstance(v, str)}
        blocks |= {x for v in m.values() if isinstance(v, list) for x in v if isinstance(x, str)}
    blocks |= {"ΣΧΟΛΙΑ", "ΕΤΙΚΕΤΕΣ:", "SIRALA:", "Sıralama", "ŞİKAYET", "A" * 70 + " cookies accept"}
    wrong = [b for b in blocks if found.fullmatch(b) != bool(found.all.fullmatch(b))]
    assert wrong == []


def test_slug_words_are_slugifys():
    import glob

    from slugify import slugify

    from site_gen.ingest.headline import slug_words
    from tests.test_ingest_causes import LANGS, material

    texts = ["caf&eacute; don’t 1,000 &#233;t&#xE9; Ǆemal ﬁne ½ Straße ΔΙΑΦΗΜΙΣΗ İstanbul", "&#99999999999;", "a'b’c‘d",
             "—–-_", "x&amp;y", "&Eacute;COLE", "it's 3,000,000'", "", "  ", "北京 2019年"]
    for lang in LANGS:
        texts += [v for v in material(lang).values() if isinstance(v, str)]
        texts += [x for v in material(lang).values() if isinstance(v, list) for x in v if isinstance(x, str)]
    for path in glob.glob(str(REPO / "content" / "raw" / "**" / "*.txt"), recursive=True):
        texts.append(Path(path).read_text(encoding="utf-8")[:4000])
    assert [t for t in texts if "-".join(slug_words(t)) != slugify(t)] == []


@pytest.mark.parametrize("block, clutter", [
    ("Editor: Tom Hale", True), ("Editing by Tom Hale", True), ("Редактор: Олег Травин", True), ("责任编辑：李小山", True),
    ("Editorial: a bridge too far", False), ("Editor's note: this story was updated", False),
    ("Czytaj także: Targ rolny wraca na rynek", True), ("Читайте также: Школа получит новый зал", True),
    ("Udostępnij", True), ("ΔΙΑΦΗΜΙΣΗ", True), ("Więcej", True), ("Zobacz, jak wygląda nowy most.", False),
    ("Lesen Sie auch: Küstenwache rettet zwei Fischer", True), ("Lire aussi : Le pont rouvre lundi", True),
    ("Lea también: El puerto cierra por el temporal", True), ("Leggi anche: Il porto chiude", True),
    ("Leia também: O porto fecha", True), ("Lesen Sie, was der Hafenmeister dazu sagt: nichts.", False),
])
def test_clutter_phrases_of_news_sites(block, clutter):
    from site_gen.ingest.phrases import is_clutter

    assert is_clutter(block) == clutter


def test_dates_in_arabic_indic_digits_are_found_and_left_out_of_the_body():
    # Arabic, Persian and Kurdish pages often write their digits in Arabic script: a date line in them is a
    # date line as much as one in ASCII digits (fictional article).
    from site_gen.ingest.clean import clean_text

    paragraphs = [
        "أعلنت بلدية المدينة الساحلية يوم الاثنين أن محطة العبارات الجديدة ستفتح أبوابها في شهر يونيو المقبل، "
        "بعد تأخير دام شهرين بسبب تأخر وصول الحديد اللازم لبناء الجسر المخصص للركاب.",
        "وقال مسؤولون في البلدية إن التأخير لن يغير كلفة المشروع الذي يموله صندوق إقليمي وقرض من المصرف "
        "الحكومي، وإن المحطة القديمة ستبقى مفتوحة أمام المسافرين حتى ذلك الحين.",
        "ويشكو الركاب منذ سنوات من الازدحام في المبنى القديم، حيث تخدم قاعة انتظار واحدة أربعة خطوط بحرية "
        "وتمتد الطوابير في أشهر الصيف إلى خارج المبنى وحتى رصيف الميناء.",
    ]
    for line, when in (("١٧ مارس ٢٠٢٥", date(2025, 3, 17)), ("۱۷ مارس ۲۰۲۵", date(2025, 3, 17)),
                       ("17 مارس 2025", date(2025, 3, 17))):
        text = "\n\n".join(["محطة العبارات الجديدة تفتح في يونيو", "الرئيسية", line, *paragraphs,
                             "Content retrieved from: https://harbour-news.example/ar/ferry-terminal."]) + "\n"
        art = clean_text(text)
        assert art.date == when.isoformat(), (line, art.date)
        assert all(line not in p for p in art.paragraphs), line
        assert art.paragraphs[0].startswith("أعلنت بلدية")
    assert dates.date_lines(["١٧ مارس ٢٠٢٥", "نص"]) == frozenset({0})
    assert dates.leading_date("١٧ مارس ٢٠٢٥ — أعلنت البلدية") > 0
