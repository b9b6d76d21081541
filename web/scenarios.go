package web

import (
	"fmt"
	"strings"

	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/scenario"
)

// scenarioZH are the built-in traces' titles in Chinese, with the English
// title each translates (the trace's first comment line, without its
// name); a changed title shows in English until it is translated again.
var scenarioZH = map[string]struct{ en, zh string }{
	"S1":          {"RFC 9293 Figures 6 and 12 — three-way handshake and normal close", "RFC 9293 图 6 和图 12 —— 三次握手与正常关闭（四次挥手）"},
	"S2":          {"RFC 9293 Figure 7 under strict Table 6 — simultaneous open", "严格按表 6 的 RFC 9293 图 7 —— 同时打开"},
	"S2-literal":  {"RFC 9293 Figure 7 read literally — simultaneous open with SYN trimming", "按字面理解的 RFC 9293 图 7 —— 带 SYN 修剪的同时打开"},
	"S3":          {"RFC 9293 Figure 8 — recovery from an old duplicate SYN", "RFC 9293 图 8 —— 从旧的重复 SYN 中恢复"},
	"S4":          {"RFC 9293 Figure 9 — half-open connection discovery after a crash", "RFC 9293 图 9 —— 崩溃后发现半打开连接"},
	"S5":          {"RFC 9293 Figure 10, with a FIN for the data — the active side finds a half-open connection", "RFC 9293 图 10（用 FIN 代替数据）—— 主动方发现半打开连接"},
	"S6":          {"RFC 9293 Figure 11 — an old duplicate SYN resets two passive sockets", "RFC 9293 图 11 —— 旧的重复 SYN 复位两个被动套接字"},
	"S7":          {"RFC 9293 Figure 13 — simultaneous close", "RFC 9293 图 13 —— 同时关闭"},
	"S8":          {"RFC 9293 Figure 5 Note 2 — FIN-WAIT-1 straight to TIME-WAIT", "RFC 9293 图 5 注 2 —— 从 FIN-WAIT-1 直接进入 TIME-WAIT"},
	"S9":          {"the last ACK is lost — TIME-WAIT re-acknowledges B's retransmitted FIN", "最后一个 ACK 丢失 —— TIME-WAIT 重新确认 B 重传的 FIN"},
	"S10":         {"a lost SYN is retransmitted; after R2 retransmissions A gives up", "丢失的 SYN 被重传；重传 R2 次后 A 放弃"},
	"S11":         {"connection refused — a SYN to a CLOSED endpoint is reset", "连接被拒绝 —— 发往 CLOSED 端点的 SYN 被复位"},
	"S12":         {"Han and Billington — B's FIN overtakes its SYN,ACK; retransmission recovers", "Han 与 Billington —— B 的 FIN 超过了它的 SYN,ACK；重传使其恢复"},
	"S12-no-rto":  {"Han and Billington without retransmission — stuck in FIN-WAIT-1", "没有重传的 Han 与 Billington 场景 —— 卡在 FIN-WAIT-1"},
	"S13":         {"ABORT — A resets an established connection", "ABORT —— A 复位一个已建立的连接"},
	"S13-lost":    {"ABORT whose RST is lost — a half-open connection", "ABORT 发出的 RST 丢失 —— 半打开连接"},
	"S14":         {"RFC 1337 Figure 1 — TIME-WAIT assassination, accepted by RFC 9293", "RFC 1337 图 1 —— TIME-WAIT 暗杀，RFC 9293 允许它发生"},
	"S14-rfc1337": {"RFC 1337 Figure 1 under the RFC 1337 fix — TIME-WAIT ignores the RST", "采用 RFC 1337 修正后的 RFC 1337 图 1 —— TIME-WAIT 忽略 RST"},
	"S15":         {"the half-close — after A's FIN, B still sends data from CLOSE-WAIT; A's user reads it, then the four-segment close", "半关闭 —— 收到 A 的 FIN 后，B 仍从 CLOSE-WAIT 发送数据；A 的用户读到它，然后是四段关闭"},
	"S16":         {"the three-segment close loses data — B answers A's FIN with its own at once, and its user's unit can no longer be sent", "三段关闭会丢数据 —— B 立即用自己的 FIN 回应 A 的 FIN，其用户的数据单元再也发不出去"},
	"S17":         {"the half-duplex close (§3.6.1 MAY-1, SHLD-3) — A's user CLOSEs with data unread, A resets the connection and B's user is told \"connection reset\"", "半双工关闭（§3.6.1 MAY-1、SHLD-3）—— A 的用户在数据未读时调用 CLOSE，A 复位连接，B 的用户被告知“连接被复位”"},
}

// builtin is a built-in scenario replayed once: its configuration and its
// path as step indices.
type builtin struct {
	name, title string
	settings    []scenario.Setting
	path        []int
	cfg         model.Config
}

// loadBuiltins replays every built-in trace. A trace that does not replay
// (a model change the traces have not caught up with) is left out with a
// note rather than taking the page down.
func loadBuiltins() ([]builtin, []string) {
	var out []builtin
	var notes []string
	for _, name := range scenario.Builtin() {
		b, err := loadBuiltin(name)
		if err != nil {
			notes = append(notes, fmt.Sprintf("scenario %s left out: %v", name, err))
			continue
		}
		out = append(out, b)
	}
	return out, notes
}

func loadBuiltin(name string) (builtin, error) {
	src, err := scenario.Source(name)
	if err != nil {
		return builtin{}, err
	}
	t, err := scenario.Parse(name, strings.NewReader(src))
	if err != nil {
		return builtin{}, err
	}
	b, err := fromTrace(t)
	if err != nil {
		return builtin{}, err
	}
	b.name = name
	b.title = strings.TrimSpace(strings.TrimPrefix(t.Title, name+":"))
	return b, nil
}

// fromTrace replays a parsed trace and turns it into a configuration and
// a path of step indices. A trace that is not a behaviour of the model is
// refused with the replay's message.
func fromTrace(t *scenario.Trace) (builtin, error) {
	rep, err := scenario.Replay(t)
	if err != nil {
		return builtin{}, badf("%v", err)
	}
	if rep.Failure != nil {
		return builtin{}, badf("%v", rep.Failure)
	}
	m, err := model.New(rep.Config)
	if err != nil {
		return builtin{}, badf("%v", err)
	}
	path, err := indicesOf(m, rep.Path)
	if err != nil {
		return builtin{}, err
	}
	if len(path) > MaxPath {
		return builtin{}, badf("the trace has %d steps; the page shows at most %d", len(path), MaxPath)
	}
	set, err := canonical(rep.Config)
	if err != nil {
		return builtin{}, err
	}
	return builtin{settings: set, path: path, cfg: rep.Config}, nil
}

func (b builtin) titleIn(l lang) string {
	if l == langZH {
		if z, ok := scenarioZH[b.name]; ok && z.en == b.title {
			return z.zh
		}
		return b.title + "（英文原文）"
	}
	return b.title
}
