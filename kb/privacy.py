"""Personal-data masking: the one function every front end (and the language-model path) calls before a
text is stored, logged or sent anywhere.

`mask_pii(text)` replaces each identifier below with its placeholder and keeps everything else. An
identifier is found whatever script surrounds it: `주민번호900101-1234567입니다`, `身分證A123456789，`
and `SSN:123456789` are all masked (boundaries are "no digit/letter of the identifier's own kind next
to it", never `\\b`, which treats Hangul and Han as word characters).

What is masked (placeholder: kinds):

- `[EMAIL]`: e-mail addresses (ASCII, or with a full-width `＠`).
- `[RRN]`: Korean resident and foreigner registration numbers (YYMMDD-NNNNNNN, with or without the dash).
- `[SSN]`: US Social Security numbers: 123-45-6789, 123 45 6789, and any stand-alone 9-digit number.
- `[ID]`: Taiwan national ID and resident certificate numbers (A123456789, A812345678, AB12345678).
- `[CARD]`: payment card numbers (13-19 digits, spaces or dashes allowed).
- `[PHONE]`: Korean (010-1234-5678, 01012345678, 02-123-4567, +82 10 ...), Taiwanese (0912-345-678,
  +886 912 345 678, (02) 2345-6789) and US (555-123-4567, (555) 123-4567, 5551234567, +1 ...) numbers,
  and any other `+country` number.
- `[MRN]`: a medical record number after its label: MRN, medical record number/no., chart number,
  patient ID, 의무기록번호, 의료기록번호, 환자번호, 차트번호, 病歷號(碼), 病历号, 病患編號.
- `[DOB]`: a date after DOB, date of birth, birth date, born, 생년월일, 생일, 出生日期, 生日.
- `[NAME]`: a name after Patient, Patient name, Name:, Mr, Ms, Dr, 환자, 환자명, 성명, 이름, 보호자,
  病患, 病人, 患者, 姓名: capitalised Latin words; a Korean surname and one or two syllables; a
  Chinese surname and one or two characters.

Labels are kept (`MRN [MRN]`, `환자 [NAME]`); only the value is replaced.

Not masked: dates without a birth label, ports, versions, AWS account ids (12 digits), ARNs, IP
addresses; names without a label (no dictionary of names is attempted).

Cost: one pass of one compiled regular expression in which every alternative has a bounded length, so
the work at each position is bounded and masking is linear in the text's length (a 100,000-character
run of one character costs no more than ordinary text; `python -m evals bench` times 1 MB). Thread-safe:
the compiled pattern is immutable and shared.

Chinese labels and surnames are written once, in Traditional: the pattern is compiled from its
script-folded text and matched against the folded text (kb.lang.fold_chinese, one character for one,
so offsets hold), which reads 病历号, 病人编号 and 张 as well.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kb.lang import fold_chinese

# Separators people type inside numbers: space, dot, ASCII and Unicode dashes, full-width hyphen.
_SEP = r"[ .\-‐‑–—－]"
_D = r"[0-9０-９]"  # ASCII and full-width digits (not every Unicode digit: keeps the class small)
_ND = r"(?<![0-9０-９])"  # no digit before
_NDA = r"(?![0-9０-９])"  # no digit after
_NLA = r"(?![A-Za-z0-9０-９Ａ-Ｚａ-ｚ])"

# Korean surnames (the common single-syllable ones and the compound ones), for names after 환자/성명/이름.
_KO_SURNAMES = ("김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공"
                "현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부")
_KO_COMPOUND = "황보|남궁|제갈|선우|독고|사공|서문"
# Chinese surnames (Traditional; Simplified by folding), for names after 病患/病人/患者/姓名.
_ZH_SURNAMES = ("王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅鄭梁謝宋唐許韓馮鄧曹彭曾蕭"
                "田董袁潘于蔣蔡余杜葉程蘇魏呂丁任沈姚盧姜崔鍾譚陸汪范金石廖賈夏韋付方白鄒孟熊"
                "秦邱江尹薛閻段雷侯龍史陶黎賀顧毛郝龔邵萬錢嚴覃武戴莫孔向湯柯洪賴簡游詹翁")
_ZH_COMPOUND = "歐陽|司馬|諸葛|上官|張簡"
# Words that follow 환자 but are not a name (환자 연락처, 환자 정보...): refused as names.
_KO_NOT_NAMES = tuple("연락처 정보 데이터 기록 번호 이름 성명 전화 주소 주민 나이 생년 생일 의료 진료 보호 개인 식별 "
                      "동의 명단 목록 관련 파일 사진 이메일 메일 연락 전원 안전 유형 상태".split())

_DATE = (rf"(?:{_D}{{4}}\s?[-./년年]\s?{_D}{{1,2}}\s?[-./월月]\s?{_D}{{1,2}}\s?[일日]?"
         rf"|{_D}{{1,2}}[-/.]{_D}{{1,2}}[-/.]{_D}{{2,4}})")
# Where a kind can start: digits, Latin letters, e-mail characters and the first syllables of labels.
# A Latin letter or a digit counts only at the start of its run (no kind starts inside a word or a number),
# except a letter before the digits of a Taiwan ID, which may be glued to the word before it.
_STARTS = (r"(?:(?<![A-Za-z])[A-Za-z]|[A-Za-z](?=[1289A-Da-d][0-9])|(?<![0-9０-９])[0-9０-９]"
           r"|[+(의환차병病患姓생出生성이보])")
_LABEL_GAP = r"\s{0,3}(?:[:：#=]\s{0,3})?(?:is\s{1,3}|는\s?|은\s?|為|是)?"  # "MRN: ", "MRN is ", "病歷號碼為"

# (placeholder, pattern). Order matters where two could start at the same place: the first wins.
# Patterns with a `v` group mask only that group (the label stays); the others mask the whole match.
_KINDS: list[tuple[str, str]] = [
    ("EMAIL", r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}[@＠]"
              r"[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){1,8}"),
    ("MRN", r"(?<![A-Za-z])(?i:MRN|medical\s{1,3}record\s{1,3}(?:number|no\.?|#)|chart\s{1,3}(?:number|no\.?)"
            r"|patient\s{1,3}id|의무\s?기록\s?번호|의료\s?기록\s?번호|환자\s?번호|차트\s?번호"
            r"|病歷號碼?|病患編號|病人編號)"
            + _LABEL_GAP + r"(?P<v>[A-Za-z]{0,3}[-\s]?[0-9][0-9A-Za-z\-]{2,19})" + _NLA),
    ("DOB", r"(?<![A-Za-z])(?i:DOB|date\s{1,3}of\s{1,3}birth|birth\s?date|born(?:\s{1,3}on)?"
            r"|생년월일|생일|出生日期|出生年月日|生日)"
            + _LABEL_GAP + rf"(?P<v>{_DATE})"),
    ("RRN", _ND + rf"{_D}{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])\s?{_SEP}?\s?[1-8]{_D}{{6}}" + _NDA),
    ("SSN", _ND + rf"{_D}{{3}}{_SEP}?{_D}{{2}}{_SEP}?{_D}{{4}}" + _NDA),
    ("ID", _ND + r"[A-Za-z](?:[1289]|[A-Da-d])[0-9]{8}" + _NLA),
    ("PHONE", _ND + rf"(?:"
              # +country (Korea 82, Taiwan 886, US 1, anything else): then 6-14 digits in groups
              rf"\+{_D}{{1,3}}{_SEP}?(?:\(0\){_SEP}?)?\(?{_D}{{1,4}}\)?(?:{_SEP}?{_D}{{2,4}}){{1,4}}"
              # Korea: mobiles 010/011/016-019, Seoul 02, regions 031-064, 070, 050x
              rf"|01[016789]{_SEP}?{_D}{{3,4}}{_SEP}?{_D}{{4}}"
              rf"|(?:\(0(?:2|[3-6][1-5]|70|50[2-8])\)|0(?:2|[3-6][1-5]|70|50[2-8])){_SEP}?{_D}{{3,4}}{_SEP}?{_D}{{4}}"
              # Taiwan: mobiles 09xx-xxx-xxx, landlines (02) 2345-6789, (04) 2234-5678
              rf"|09{_D}{{2}}{_SEP}?{_D}{{3}}{_SEP}?{_D}{{3}}"
              rf"|\(0[2-8]\)\s?{_D}{{3,4}}{_SEP}?{_D}{{4}}"
              # US: (555) 123-4567, 555-123-4567, 555.123.4567, 5551234567
              rf"|\({_D}{{3}}\)\s?{_D}{{3}}{_SEP}?{_D}{{4}}"
              rf"|{_D}{{3}}{_SEP}?{_D}{{3}}{_SEP}?{_D}{{4}}"
              rf")" + _NDA),
    ("CARD", _ND + rf"{_D}(?:[ \-]?{_D}){{12,18}}" + _NDA),
    ("NAME", r"(?:(?<![A-Za-z])(?:(?i:patient(?:'s)?(?:\s{1,3}name)?\s{0,3}[:：]?|name\s{0,3}[:：])"
             r"|(?:Mrs?|Ms|Dr|Miss)\.?)\s{0,3}"
             r"(?P<ven>[A-Z][a-z]{1,20}(?:[ \-][A-Z][a-z]{1,20}){0,2})(?![A-Za-z])"
             r"|(?:환자(?:\s?이름|명)?|성명|이름|보호자)\s{0,3}[:：]?\s{0,3}"
             rf"(?P<vko>(?:{_KO_COMPOUND}|[{_KO_SURNAMES}])[가-힣]{{1,2}})"
             r"|(?:(?:病患|病人|患者)(?:姓名)?|姓名)\s{0,3}[:：]?\s{0,3}"
             rf"(?P<vzh>(?:{_ZH_COMPOUND}|[{_ZH_SURNAMES}])[\u4e00-\u9fff]{{1,2}}))"),
]


@cache
def _compile() -> re.Pattern[str]:
    parts = []
    for name, pattern in _KINDS:
        # Each kind's value group gets a unique name in the combined pattern.
        pattern = re.sub(r"\(\?P<(v\w*)>", lambda m, n=name: f"(?P<{n}_{m.group(1)}>", pattern)
        parts.append(f"(?P<{name}>{pattern})")
    # The gate rejects, with one character-class test, the positions where no kind can start.
    return re.compile(fold_chinese(f"(?={_STARTS})(?:" + "|".join(parts) + ")"))


PLACEHOLDERS = tuple(f"[{name}]" for name, _ in _KINDS)


@dataclass(frozen=True)
class Found:
    """One identifier: its kind ("PHONE"...) and character span [start, end) in the text."""

    kind: str
    start: int
    end: int


def find_pii(text: str) -> list[Found]:
    """Every identifier in `text`, left to right, non-overlapping."""
    out: list[Found] = []
    for m in _compile().finditer(fold_chinese(text)):
        found = _value(m)
        if found is not None:
            out.append(found)
    return out


def mask_pii(text: str) -> str:
    """`text` with every identifier replaced by its placeholder (`[PHONE]`...); see the module's table."""
    pieces: list[str] = []
    last = 0
    for found in find_pii(text or ""):
        pieces += [text[last:found.start], f"[{found.kind}]"]
        last = found.end
    return "".join(pieces) + text[last:] if pieces else text


def contains_pii(text: str) -> bool:
    return bool(find_pii(text))


def _value(m: re.Match[str]) -> Found | None:
    kind = m.lastgroup or ""
    if kind == "NAME":
        for group in ("NAME_ven", "NAME_vko", "NAME_vzh"):
            if m.group(group):
                if group == "NAME_vko" and m.group(group).startswith(_KO_NOT_NAMES):
                    return None
                return Found(kind, m.start(group), m.end(group))
        return None  # a label with no name after it
    if kind in ("MRN", "DOB"):
        group = f"{kind}_v"
        return Found(kind, m.start(group), m.end(group))
    return Found(kind, m.start(), m.end())
