"""The answer judge: what a fair teacher accepts and refuses."""

from __future__ import annotations

import io
import json

import pytest

from bot.cli import main
from content.judge import judge
from content.model import BUNDLED, Studyset
from content.numbers import Quantity, read_quantities

ACCEPTED = [
    # case, punctuation, accents, quotes, width, zero-width
    (["Andrew Erskine", "Erskine"], "erskine."),
    (["Erskine"], "“Erskine”"),
    (["Erskine"], "ＥＲＳＫＩＮＥ"),
    (["Erskine"], "Ers\u200bkine"),
    (["Québec"], "quebec"),
    (["岸田文雄"], "岸田文雄"),
    (["Erskine"], "Erskine 👍"),
    (["The Hague"], "hague"),
    (["Mine Warfare Force", "MWF"], "the mine warfare forces"),
    # names: order, surname alone
    (["Fumio Kishida"], "Kishida"),
    (["Fumio Kishida"], "kishida fumio"),
    (["Mark Rutte"], "I think it was Rutte"),
    (["Fumio Kishida"], "PM Kishida"),
    (["USS Ronald Reagan"], "Reagan"),
    (["Jada Fraser"], "Frazer"),
    # typos in words
    (["Jens Stoltenberg"], "Stoltenburg"),
    (["France"], "Frnace"),
    (["Reciprocal Access Agreement", "RAA"], "reciprocal acess agreement"),
    (["Stephen Nagy", "Nagy"], "Naggy"),
    (["Tomahawk"], "Tomohawks"),
    (["Japan Maritime Self-Defense Force"], "Japan Maritime Self Defence Force"),
    (["Japan Maritime Self-Defense Force"], "japan maritime selfdefense force"),
    (["Japanese Self-Defence Force"], "Japanes Self-Defense Force"),
    (["Japan Self-Defense Forces"], "Japan Self-Defense Forxes"),
    (["International Security Assistance Force"], "international security assstance force"),
    (["Okinawa"], "Okinaa"),
    # number forms
    (["400"], "four hundred"),
    (["$30 million"], "$30m"),
    (["$30 million"], "$30 millino"),
    (["5.5 trillion"], "5.5 trilloon"),
    (["$30 million"], "30 million dollars"),
    (["30 million"], "30m"),
    (["7.1 billion US dollars"], "$7.1bn"),
    (["7.1 billion dollars"], "$7.1 billion"),
    (["175-200%"], "175 to 200 percent"),
    (["175-200%"], "175%-200%"),
    (["5.5 trillion"], "5,500,000,000,000"),
    (["5.5 trillion"], "five point five trillion"),
    (["1983"], "nineteen eighty-three"),
    (["2007"], "two thousand and seven"),
    (["297"], "about 297 ships"),
    (["297 ships"], "297"),
    (["5.5 trillion US dollars"], "US$5.5 trillion"),
    (["5,000 troops"], "5k"),
    (["2025-03-28"], "March 28th, 2025"),
    (["F-35"], "F35"),
    # acronyms, listed or spelled out
    (["Japan Maritime Self-Defense Force", "JMSDF"], "jmsdf"),
    (["NATO"], "North Atlantic Treaty Organisation"),
    (["United States"], "U.S."),
    # mentions are for people, not part of the answer
    (["Shinzo Abe"], "@everyone Abe"),
    (["Shinzo Abe"], "<@&123> Abe"),
    (["Shinzo Abe"], "<@U0ANN|ann> Abe <!here>"),
    # common abbreviations
    (["Article 9"], "Art. 9"),
    (["Article 5 of the Washington Treaty"], "art 5 of the washington treaty"),
    # a name's distinctive part without its generic head
    (["Operation Ocean Shield"], "ocean shield"),
    (["Exercise Pacific Vanguard"], "Pacific Vanguard"),
    # a city with its country
    (["Vilnius"], "Vilnius, Lithuania"),
    (["Brussels"], "Brussels (Belgium)"),
    (["New York"], "New York, USA"),
]

REFUSED = [
    # other numbers, however close
    (["2014"], "2015"),
    (["1961"], "1916"),
    (["1983"], "83"),
    (["297"], "2970"),
    (["7.1 billion dollars"], "7 billion"),
    (["$30 million"], "$30 billion"),
    (["$30 million"], "$30 bilion"),
    (["175-200%"], "175%"),
    (["2007"], "2007-2008"),
    (["March 2022"], "2022"),
    (["2013"], "January 2013"),
    (["Indo-Pacific 4"], "4"),
    (["nine"], "Article 9"),
    (["One China policy"], "1"),
    (["F-35"], "F-36"),
    # different names and words that happen to be close
    (["Stephen Nagy", "Nagy"], "Nagi"),
    (["Fumio Kishida"], "Kishi"),
    (["Emmanuel Macron"], "Macro"),
    (["Mark Rutte"], "Rutter"),
    (["Fumio Kishida"], "Fumio"),
    (["Australia"], "Austria"),
    (["Iran"], "Iraq"),
    (["岸田文雄"], "安倍晋三"),
    (["Japan Maritime Self-Defense Force", "JMSDF"], "JSDF"),
    (["East China Sea", "ECS"], "South China Sea"),
    (["South Korea"], "Korea"),
    (["Mine Warfare Force"], "Force"),
    (["Bank of Japan"], "Japan"),
    (["USS Ronald Reagan"], "USS Nimitz"),
    (["Fleet"], "Flees"),
    # hedges and spam
    (["2014"], "2014 or 2015"),
    (["Fumio Kishida"], "Abe and Kishida"),
    (["Lithuania"], "Lithuania Latvia"),
    (["Tomahawk"], "tomahawk harpoon missile cruise patriot"),
    (["Erskine"], "not Erskine"),
    # what the new allowances must not let through
    (["Article 9"], "Art. 10"),
    (["Operation Ocean Shield"], "Shield"),
    (["Operation Ocean Shield"], "Operation Atalanta"),
    (["Vilnius"], "Vilnius, Latvia"),
    (["Vilnius"], "Riga, Latvia"),
    (["Lithuania"], "Vilnius, Lithuania"),
    (["Abe"], "@everyone"),
    # empty and very long
    (["Erskine"], ""),
    (["Erskine"], " \u200b "),
    (["Erskine"], "Erskine " + "really " * 40),
    ([], "Erskine"),
]


@pytest.mark.parametrize(("answers", "response"), ACCEPTED)
def test_accepts_what_a_fair_teacher_would(answers, response):
    assert judge(answers, response) is True


@pytest.mark.parametrize(("answers", "response"), REFUSED)
def test_refuses_what_a_fair_teacher_would(answers, response):
    assert judge(answers, response) is False


def test_exact_answer_is_always_accepted():
    for answers, _ in ACCEPTED + REFUSED:
        for answer in answers:
            assert judge(answers, answer), answer


def test_quantities_are_read_as_values():
    def numbers(text):
        return [q for q in read_quantities(text.split()) if isinstance(q, Quantity)]

    assert numbers("twenty twenty two") == numbers("2022")
    assert numbers("$ 30 m") == numbers("30 million")
    assert numbers("5.5 t") != numbers("5.5 trillion")  # tonnes, perhaps: only money has "t"
    assert numbers("$ 5.5 t") == numbers("5.5 trillion")
    assert numbers("175 - 200 million") == [Quantity(175 * 10**6, 200 * 10**6)]
    assert numbers("one two") == numbers("1 2")


@pytest.mark.parametrize(
    ("answer", "response", "ok"),
    [
        ("sea lines of communication", "sea lanes of communication", True),
        ("sea lines of communication", "sea lanes of commerce", False),  # two words differ
        ("Fleet Escort Force", "Fleet Escort Fence", False),  # two letters
        ("East China Sea", "West China Sea", False),  # the first letter
        ("Mine Warfare", "Mine Welfare", False),  # a short name: every word counts
        (
            "Individually Tailored Partnership Programme",
            "Individual Tailored Partnership Program",
            True,
        ),
        ("sea lines of communication", "sea lines of commune", False),  # another word
        # The country's word or its people's: the same name.
        ("Japan Maritime Self-Defence Force", "Japanese Maritime Self-Defense Force", True),
        ("Japan Maritime Self-Defence Force", "Chinese Maritime Self-Defense Force", False),
        ("Japan Maritime Self-Defence Force", "Tokyo Maritime Self-Defense Force", False),
        ("Japan Maritime Self-Defence Force", "Japanese Coast Guard Force", False),
    ],
)
def test_one_word_of_a_long_name_may_be_a_letter_away(answer, response, ok):
    assert judge([answer], response) is ok


def test_dev_set(shared_dir):
    items = [json.loads(line) for line in (shared_dir / "judge_dev.jsonl").open()]
    wrong = [item for item in items if judge(item["answers"], item["response"]) != item["ok"]]
    assert len(wrong) <= len(items) * 0.02, wrong
    number_false_accepts = [
        item
        for item in wrong
        if not item["ok"] and any(c.isdigit() for c in item["response"] + "".join(item["answers"]))
    ]
    assert number_false_accepts == []


def test_cli_batch_writes_one_line_per_item(monkeypatch, capsys):
    lines = [
        {"answers": ["Andrew Erskine", "Erskine"], "response": "Erskin"},
        {"answers": ["2007"], "response": "2006"},
    ]
    stdin = "\n".join(json.dumps(line) for line in lines) + "\n\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(["judge", "--jsonl"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in out] == [{"accepted": True}, {"accepted": False}]


def test_cli_batch_with_a_bad_line_writes_nothing(monkeypatch, capsys):
    stdin = '{"answers": ["2007"], "response": "2007"}\n{"answers": "2007"\n'
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(["judge", "--jsonl"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "line 2: not JSON" in captured.err
    assert "Traceback" not in captured.err


def test_cli_single_answer(capsys):
    assert main(["judge", "--answer", "Andrew Erskine", "--answer", "Erskine", "erskine"]) == 0
    assert capsys.readouterr().out == "accepted\n"
    assert main(["judge", "--answer", "2014", "2014", "or", "2015"]) == 1
    assert capsys.readouterr().out == "refused\n"
    assert main(["judge", "erskine"]) == 2
    assert "--answer" in capsys.readouterr().err


def test_bundled_questions_accept_their_answers_and_refuse_wrong_numbers():
    if not BUNDLED.is_file():
        pytest.skip(f"the bundled content file is not built yet ({BUNDLED} is missing)")
    questions = Studyset.load(BUNDLED).questions
    for q in questions:
        assert all(judge(q.answers, answer) for answer in q.answers), q.answers
        if q.kind in ("date", "number"):
            wrong = [c for c in q.choices if c not in q.answers]
            assert not any(judge(q.answers, c) for c in wrong), (q.answers, wrong)


def test_an_answer_writing_its_own_acronym_accepts_itself_typed_whole():
    # a timeline choice: "FEF" is not spelled out again beside the words it stands for
    answer = "Japan established the Fleet Escort Force (FEF)."
    assert judge([answer], answer) and judge([answer], answer.lower().rstrip("."))
    assert not judge([answer], "Japan established the Mine Warfare Force (MWF).")


@pytest.mark.parametrize(
    ("answer", "response"),
    [
        ("United Nations Convention on the Law of the Sea", "UN Convention on the Law of the Sea"),
        (
            "United Nations Convention on the Law of the Sea",
            "U.N. Convention on the Law of the Sea",
        ),
        (
            "Individually Tailored Partnership Programme",
            "Individually Tailored Partnership Program",
        ),
        ("Individually Tailored Partnership Programme", "ITPP"),
        ("Rim of the Pacific Exercise", "Rim of the Pacific"),
        ("People’s Liberation Army Navy", "PLA Navy"),
    ],
)
def test_accepts_shortened_and_respelled_names(answer, response):
    assert judge([answer], response)


@pytest.mark.parametrize(
    ("answer", "response"),
    [
        ("United Nations Security Council", "US Security Council"),
        ("United Nations Convention on the Law of the Sea", "UN"),
        ("Individually Tailored Partnership Programme", "Programme"),
        ("Rim of the Pacific Exercise", "Pacific Exercise"),
    ],
)
def test_a_shortened_name_must_still_say_the_rest(answer, response):
    assert not judge([answer], response)


@pytest.mark.parametrize(
    "answers, response, ok",
    [
        # The surname is the word the answers list alone; a given name alone is refused.
        (["Fumio Kishida", "Kishida"], "Kishida", True),
        (["Fumio Kishida", "Kishida"], "Kishida Fumio", True),
        (["Fumio Kishida", "Kishida"], "Fumio", False),
        # A name listed whole in both orders: which word is the family name is not known.
        (["Aso Taro", "Taro Aso"], "Taro Aso", True),
        (["Aso Taro", "Taro Aso"], "aso taro", True),
        (["Aso Taro", "Taro Aso"], "Taro", False),
        (["Aso Taro", "Taro Aso"], "Aso", False),
        # Alone, a name's last word stands for it.
        (["Fumio Kishida"], "Kishida", True),
        (["USS Ronald Reagan", "Ronald Reagan"], "Reagan", True),
    ],
)
def test_a_name_is_shortened_only_as_its_answers_shorten_it(answers, response, ok):
    assert judge(answers, response) is ok


@pytest.mark.parametrize(
    "answer, response",
    [
        ("Japan Maritime Self-Defence Force", "Japan Maritime Self-Defense Force"),
        (
            "Individually Tailored Partnership Programme",
            "Individually Tailored Partnership Program",
        ),
        ("Individualised Partnership", "Individualized Partnership"),
        ("Centre for Strategic Studies", "Center for Strategic Studies"),
        ("Ministry of Defense", "Ministry of Defence"),
        ("the modernization of forces", "the modernisation of forces"),
        ("analysed data", "analyzed data"),
        ("travelled", "traveled"),
    ],
)
def test_british_and_american_spellings_are_both_right(answer, response):
    assert judge([answer], response)
    assert judge([response], answer)
