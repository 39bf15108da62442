"""Word lists of the domain: topic-less words, ordinals and number words (folded forms)."""

from __future__ import annotations

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
    """.split()
)

# "thứ nhất", "ba là", "mục 3": ordinal and number words, folded, to their value
ORDINAL_NUM = {
    "nhat": 1, "mot": 1, "1": 1, "hai": 2, "2": 2, "ba": 3, "3": 3, "tu": 4, "bon": 4, "4": 4,
    "nam": 5, "5": 5, "sau": 6, "6": 6, "bay": 7, "7": 7, "tam": 8, "8": 8, "chin": 9, "9": 9,
    "muoi": 10, "10": 10,
}  # fmt: skip
NUMBER_WORDS = "mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi"

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
    "duk": "Đảng ủy Khối",
    "ubmttq": "Ủy ban Mặt trận Tổ quốc",
    "vn": "Việt Nam",
    "hp": "Hải Phòng",
    "hn": "Hà Nội",
    "tphcm": "Thành phố Hồ Chí Minh",
    "tc&qckt": "tiêu chuẩn và quy chuẩn kỹ thuật",
    "qckt": "quy chuẩn kỹ thuật",
    "tu": "Tỉnh ủy",
}
NUMBER_WORDS_VI = "một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười"
