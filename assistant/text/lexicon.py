"""Word lists of the domain: topic-less words, ordinals and number words (folded forms)."""

from __future__ import annotations

import re

from .normalize import folded_key, key

# Words that carry no topic: question words, function words, and the domain's own vocabulary that every
# clause shares (so they cannot tell whether the documents answer a question).
STOPWORDS = set(
    """
    ai ao bao biet bo cac cai can cho chua co con cua cung da dang de den deu di do duoc gi gio ha hay
    hien hoi khi khong la lam luc ma may minh mot muon nao nay neu nhieu nhung nhu nen noi o phai qua ra
    rang roi sao se so sau tai the thi theo tren trong tu va vao ve vi voi xin gom nhat nao hoac cung
    chi thi quyet dinh chuong trinh ke hoach cong van van ban tieu chuan do luong chat luong cong tac
    viec thuc hien noi dung yeu cau quy dinh de cap ban hanh nhu the nao ra sao la gi bao nhieu
    so sanh doi chieu giua giong khac nhau
    vay ko nhi nhe nha oi mn mng sang rieng
    """.split()
)

# The same words with their accents: a syllable typed with accents is a stopword only in its own spelling,
# so "lực", "cơ", "cán", "báo", "tài", "Đảng" stay topic words although they fold to "luc", "co", "can"...
ACCENTED_STOPWORDS = {
    key(w)
    for w in """
    ai bao biết bị bỏ các cái cần cho chưa có còn của cũng cùng đã đang để đến đều đi do đó được gì giờ hả
    hay hiện hỏi khi không là làm lúc mà mấy mình một muốn nào này nay nếu nêu nhiều những nhưng như nên nói
    ở phải qua ra rằng rồi sao sẽ số so sau tại thế thì theo trên trong từ và vào về vì với xin gồm nhất hoặc
    chỉ thị quyết định chương trình kế hoạch công văn bản tiêu chuẩn đo lường chất lượng tác việc thực nội
    dung yêu cầu quy đề cập ban hành sánh đối chiếu giữa giống khác nhau
    vậy ko nhỉ nhé nhá ơi mn mng sang riêng họ
    """.split()
}

# Words of a question that say what kind of fact is asked, not what it is about (folded; and in their own
# spelling, single syllables and pairs, for a question typed with accents: "hiệu lực" keeps its "hiệu")
FACT_WORDS = set(
    "ngay thang nam han chot tu den luc ky hanh ban khi nao bao gio thoi gian phan tram ty le toi thieu "
    "bao nhieu may so hieu ky hieu nguoi ai gui nhan noi kinh muc tien dong trieu nhom nhiem vu giai phap "
    "truoc sau cach nhau lau".split()
)
# folded pairs whose syllables are each a fact word but together a topic ("hieu luc" is not "số hiệu lúc")
# ("tong kinh phi": "kinh" is the "kính" of "kính gửi" only with its accent)
FOLDED_TOPIC_PAIRS = {
    tuple(p.split())
    for p in (
        "hieu luc,hieu qua,dau tu,ky thuat,ky nang,tu chu,kinh phi,kinh te,kinh doanh,noi dung,nguoi dan,"
        "nguoi tieu dung,nguoi lao dong,tien do,dong bo"
    ).split(",")
}
# parts of a plan named by two syllables that are each a stopword ("chỉ tiêu" is neither the "chỉ" of "chỉ thị"
# nor the "tiêu" of "tiêu chuẩn"): what a list question may name a heading by, folded
PART_PAIRS = ("chi tieu", "muc tieu")
ACCENTED_FACT_WORDS = {
    key(w)
    for w in "ngày tháng năm lúc ký nào mấy người ai gửi nơi mức tiền đồng triệu nhóm trước sau lâu từ đến".split()
}
ACCENTED_FACT_PAIRS = {
    tuple(key(p).split())
    for p in (
        "số hiệu,ký hiệu,mang số,hạn chót,thời gian,thời hạn,phần trăm,tỷ lệ,tỉ lệ,tối thiểu,bao nhiêu,bao giờ,"
        "khi nào,nhiệm vụ,giải pháp,cách nhau,ban hành,nơi nhận,kính gửi,căn cứ,dựa vào,dựa trên,tối đa,bắt đầu"
    ).split(",")
}

# nouns that, before "nào", are the slot the answer fills ("cơ quan nào chủ trì?"), not what the question is
# about (folded)
SLOT_NOUNS = {
    tuple(p.split())
    for p in "co quan,don vi,to chuc,bo,ban,nganh,so,cap,luc luong,ca nhan,bo phan,phong,nguoi".split(",")
}

# "thứ nhất", "ba là", "mục 3": ordinal and number words, folded, to their value
ORDINAL_NUM = {
    "nhat": 1, "mot": 1, "1": 1, "hai": 2, "2": 2, "ba": 3, "3": 3, "tu": 4, "bon": 4, "4": 4,
    "nam": 5, "5": 5, "sau": 6, "6": 6, "bay": 7, "7": 7, "tam": 8, "8": 8, "chin": 9, "9": 9,
    "muoi": 10, "10": 10,
}  # fmt: skip
NUMBER_WORDS = "mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi"

# Chat shorthand as people type it in a chat box, lower case, to the words it stands for ("" for a particle
# that only addresses the reader: "ad ơi", "… vậy mn"). Single letters only where no Vietnamese word is spelt so (j, z).
CHAT_SHORTHAND = {
    "ko": "không", "k0": "không", "hk": "không", "hok": "không", "hong": "không", "khg": "không",
    "ntn": "như thế nào", "bn": "bao nhiêu", "bnhiu": "bao nhiêu", "nhiu": "nhiêu", "dc": "được", "đc": "được",
    "vs": "với", "đ/c": "đồng chí", "d/c": "đồng chí", "p/x": "phường, xã", "b/c": "báo cáo", "P/X": "phường, xã", "Đ/c": "đồng chí", "Đ/C": "đồng chí",
    "ng": "người", "j": "gì", "z": "vậy", "mn": "", "mng": "", "ad": "", "ak": "", "ah": "",
    # "huyện ủy bên mình", "bên em": the asker's own office, no topic
    "bên mình": "", "bên em": "", "bên tôi": "", "ben minh": "",
    # "Xin trợ lý tóm tắt …", "Thưa trợ lý, …": the assistant addressed, no topic
    "trợ lý": "", "Trợ lý": "", "tro ly": "",
}  # fmt: skip

# Abbreviations of Vietnamese administrative writing, folded, to what they stand for (used as typed)
ABBREVIATIONS = {
    "ct": "Chỉ thị",
    "qd": "Quyết định",
    "kh": "Kế hoạch",
    "ctr": "Chương trình",
    "cv": "Công văn",
    "nq": "Nghị quyết",
    "tdc": "tiêu chuẩn, đo lường, chất lượng",
    "tcdlcl": "tiêu chuẩn, đo lường, chất lượng",
    "ubnd": "Ủy ban nhân dân",
    "hdnd": "Hội đồng nhân dân",
    "btv": "Ban Thường vụ",
    "bch": "Ban Chấp hành",
    "bbt": "Ban Bí thư",
    "ttg": "Thủ tướng",
    "tw": "Trung ương",
    "dn": "doanh nghiệp",
    "khcn": "khoa học và công nghệ",
    "kh&cn": "khoa học và công nghệ",
    "cntt": "công nghệ thông tin",
    "mttq": "Mặt trận Tổ quốc",
    "btg": "Ban Tuyên giáo",
    "du": "Đảng ủy",
    "csdl": "cơ sở dữ liệu",
    "txng": "truy xuất nguồn gốc",
    "ptn": "phòng thử nghiệm",
    "ns": "ngân sách",
    "gd": "giai đoạn",
    "duk": "Đảng ủy Khối",
    "ubmttq": "Ủy ban Mặt trận Tổ quốc",
    "vn": "Việt Nam",
    "hp": "Hải Phòng",
    "hn": "Hà Nội",
    "tphcm": "Thành phố Hồ Chí Minh",
    "tc&qckt": "tiêu chuẩn và quy chuẩn kỹ thuật",
    "qckt": "quy chuẩn kỹ thuật",
    "tu": "Tỉnh ủy",
    "hu": "Huyện ủy",
    "db": "đảng bộ",
    "bcs": "Ban cán sự",
    "bcsd": "Ban cán sự đảng",
    "dd": "Đảng đoàn",
    "qh": "Quốc hội",
    "cp": "Chính phủ",
    "ttcp": "Thủ tướng Chính phủ",
    "bcd": "Ban Chỉ đạo",
    "btgtw": "Ban Tuyên giáo Trung ương",
    "bkhcn": "Bộ Khoa học và Công nghệ",
    "mttqvn": "Mặt trận Tổ quốc Việt Nam",
    "nsnn": "ngân sách nhà nước",
    "qlnn": "quản lý nhà nước",
    "nscl": "năng suất chất lượng",
    "hnqt": "hội nhập quốc tế",
    "ktxh": "kinh tế - xã hội",
    "cnh": "công nghiệp hóa",
    "hdh": "hiện đại hóa",
    "cbcc": "cán bộ, công chức",
    "cbccvc": "cán bộ, công chức, viên chức",
    "htx": "hợp tác xã",
    "dnnvv": "doanh nghiệp nhỏ và vừa",
    "sxkd": "sản xuất kinh doanh",
    "attp": "an toàn thực phẩm",
    "khhd": "Kế hoạch hành động",
    "tx": "thị xã",
    "tp": "thành phố",
    "ubkt": "Ủy ban Kiểm tra",
    "sp": "sản phẩm",
    "cvd": "Cuộc vận động",
    "vbqppl": "văn bản quy phạm pháp luật",
    "bc": "báo cáo",
    "bql": "Ban quản lý",
    "vpdu": "Văn phòng Đảng ủy",
    "cc": "công chức",  # "CC VH-XH": a commune official by the initials of the post
    "nv": "nhiệm vụ",
}
NUMBER_WORDS_VI = "một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười"

# Posts a person holds, folded, longest first ("phó bí thư" before "bí thư")
POSTS_FOLDED = "|".join(
    sorted(
        (
            " ".join(w.split())
            for w in """pho thu tuong|thu tuong|tong bi thu|pho bi thu|bi thu|pho chu tich|
        chu tich|pho truong ban|truong ban|pho giam doc|giam doc|bo truong|thu truong|truong phong|
        pho truong phong|chanh van phong|chu nhiem|truong doan|pho truong|nguoi dung dau|dung dau
        """.split("|")
        ),
        key=lambda w: -len(w),
    )
)
# Vietnamese family names, in their own spelling (Đặng is a name, Đảng is not): a capitalised run starting
# with one is a person's name ("Bùi Thanh Sơn")
SURNAMES = {
    key(w)
    for w in """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Lương Đinh Trương Mai
    Lâm Cao Đào Tạ Hà Tô Trịnh Đoàn Vương Lò Quàng Cầm Lù Giàng Sùng Mùa Thào Vàng Chu Kiều Tống Thái Quách
    Nông Hứa Khuất Triệu Lại Phùng""".split()
}

# kinds of document and the code their numbers carry ("Công văn" … "1847-CV/BTGTU")
DOC_KIND_CODES = {
    "công văn": "cv",
    "kế hoạch": "kh",
    "nghị quyết": "nq",
    "quyết định": "qd",
    "chỉ thị": "ct",
    "chương trình": "ctr",
    "thông báo": "tb",
    "báo cáo": "bc",
    "kết luận": "kl",
    "hướng dẫn": "hd",
    "nghị định": "nd",
    "thông tư": "tt",
    "đề cương": "dc",
}

# The national and Party mottos printed in a document's header, beside or above the issuing body.
MOTTOS = (
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Độc lập – Tự do – Hạnh phúc",
)

# Kinds of documents a text names or cites, as written; KINDS_RX / KINDS_FOLDED are their regex alternations
# (accented, and folded as questions are matched). "Quy định" and "Luật" are left out: the first is also a verb,
# the second names laws by title, not by number.
DOC_KINDS = (
    "Chỉ thị", "Nghị quyết", "Kết luận", "Quyết định", "Kế hoạch", "Chương trình", "Công văn", "Thông báo",
    "Báo cáo", "Hướng dẫn", "Nghị định", "Thông tư", "Tờ trình", "Đề án", "Đề cương",
)  # fmt: skip
# what stands capitalised at the head of a document or of one attached to it ("KẾ HOẠCH", "PHỤ LỤC")
TITLE_KINDS = tuple(k.upper() for k in (*DOC_KINDS, "Quy định", "Quy chế", "Điều lệ", "Phụ lục"))
KINDS_RX = "|".join(DOC_KINDS)
KINDS_FOLDED = "|".join(folded_key(k) for k in DOC_KINDS)
# "kế hoạch nào / gì", "tờ trình nào" (folded; group 1 = the kind): "báo cáo gì", "hướng dẫn gì" ask what to
# report or to guide, not for a document
ASKED_KIND = rf"\b({KINDS_FOLDED}) (?:nao\b|gi\b(?<!bao cao gi)(?<!huong dan gi)(?<!thong bao gi))"


# a year a figure is set for or counted over ("đến năm 2030", "trước 2027", "giai đoạn 2019 - 2023"), not one
# inside a date, a standard ("ISO 9001:2015") or a citation; what a question asks and what a sentence holds
_YEAR_SAID = re.compile(
    r"\b(?:năm|đến|tới|sang|trước|sau|từ|giai đoạn|cuối|đầu)\s+((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?(?![\d/-])(?!:\d)",
    re.IGNORECASE,
)


_YEAR_SAID_FOLDED = re.compile(  # the same, typed without diacritics ("den nam 2027")
    r"\b(?:nam|den|toi|sang|truoc|tu|giai doan|cuoi|dau)\s+((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?(?![\d/-])(?!:\d)"
)


def years_said(text: str) -> set[str]:
    rx = _YEAR_SAID if any(ord(c) > 127 for c in text) else _YEAR_SAID_FOLDED
    return {y for m in rx.finditer(text if rx is _YEAR_SAID else text.lower()) for y in m.groups() if y}


# what a document's points are called, folded ("nhóm", "nhiệm vụ", "giải pháp", "mục", "ý" …)
POINT_UNITS = ("nhiem vu", "giai phap", "nhom", "muc", "noi dung", "diem", "y")

# what is done with a document one carries out ("thực hiện", "quán triệt", "học tập" it), folded
CARRY_VERBS = "thuc hien|trien khai|quan triet|hoc tap|hoc|pho bien|tuyen truyen"

# words that ask for a summary or a list ("tóm tắt", "khái quát", "ngắn gọn giúp tôi"), not what it is about
SUMMARY_WORDS = {
    "tom",
    "tat",
    "luoc",
    "khai",
    "quat",
    "tong",
    "quan",
    "chinh",
    "phan",
    "ngan",
    "gon",
    "giup",
    "toi",
    "liet",
    "ke",
}
